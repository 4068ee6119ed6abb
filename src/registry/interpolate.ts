// Resolves `${VAR}` references the way Compose does. The registry keeps the raw strings (so no
// generated file holds a secret); this is for the places that need the real value: the env
// checks of `validate`, and probe credentials at run time.

import { join } from 'node:path';
import { InputError } from '../errors.js';
import { readDotenv } from './dotenv.js';
import { parseTemplate, type Token } from './template.js';

/** A `${VAR:?message}` / `${VAR?message}` whose variable is missing. */
export interface MissingVariable {
  name: string;
  message?: string;
}

/** The outcome of resolving one string. */
export interface Resolved {
  value: string;
  /** Required variables (`?` forms) that are missing: an error in Compose. */
  missing: MissingVariable[];
  /** Plain references to unset variables, replaced by "" (Compose warns about these). */
  unset: string[];
}

/** The variables Compose would see: `.env` beside the registry, overridden by the process environment. */
export function loadVariables(baseDir: string, env: NodeJS.ProcessEnv): Record<string, string> {
  return mergeVariables(readDotenv(join(baseDir, '.env')).vars, env);
}

/** Merges `.env` values with the environment; the environment wins, as in Compose. */
export function mergeVariables(dotenv: Record<string, string>, env: NodeJS.ProcessEnv): Record<string, string> {
  const vars: Record<string, string> = { ...dotenv };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars[k] = v;
  return vars;
}

/** Resolves a raw registry string. Throws InputError on invalid syntax (the loader reports it first). */
export function resolveValue(raw: string, vars: Readonly<Record<string, string | undefined>>): Resolved {
  const tokens = parseTemplate(raw);
  if ('error' in tokens) {
    throw new InputError([
      { message: `invalid interpolation ${JSON.stringify(tokens.error)}`, hint: 'escape a literal $ as $$', severity: 'error' },
    ]);
  }
  return resolveTokens(tokens, vars);
}

/** Resolves a string already parsed by parseTemplate. */
export function resolveTokens(tokens: readonly Token[], vars: Readonly<Record<string, string | undefined>>): Resolved {
  const out: Resolved = { value: '', missing: [], unset: [] };
  out.value = render(tokens, vars, out);
  return out;
}

function render(tokens: readonly Token[], vars: Readonly<Record<string, string | undefined>>, out: Resolved): string {
  let s = '';
  for (const t of tokens) {
    if (t.kind === 'text') {
      s += t.text;
      continue;
    }
    const v = Object.hasOwn(vars, t.name) ? vars[t.name] : undefined;
    // The `:` forms treat an empty value like an unset one.
    const absent = t.op?.startsWith(':') ? v === undefined || v === '' : v === undefined;
    switch (t.op) {
      case ':-':
      case '-':
        s += absent || v === undefined ? render(t.arg ?? [], vars, out) : v;
        break;
      case ':+':
      case '+':
        s += absent ? '' : render(t.arg ?? [], vars, out);
        break;
      case ':?':
      case '?':
        if (absent) out.missing.push({ name: t.name, ...(t.message ? { message: t.message } : {}) });
        s += v ?? '';
        break;
      default:
        if (v === undefined) out.unset.push(t.name);
        s += v ?? '';
    }
  }
  return s;
}
