// The last line of defence for secrets: every byte pyat prints passes through a filter that
// replaces the values of secret-looking variables (and probe passwords) with ***. Generated files
// never hold them in the first place; this covers what services and drivers echo back (logs,
// connection errors).

import { parseTemplate, type Token } from '../registry/template.js';
import type { Registry } from '../registry/model.js';

const SECRET_NAME = /PASS|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE/i;
const MIN_SECRET_LENGTH = 4;

/** Names of the variables a string refers to, defaults included. */
function referenced(raw: string): string[] {
  const tokens = parseTemplate(raw);
  if ('error' in tokens) return [];
  const names: string[] = [];
  const walk = (ts: Token[]): void => {
    for (const t of ts) {
      if (t.kind !== 'var') continue;
      names.push(t.name);
      if (t.arg) walk(t.arg);
    }
  };
  walk(tokens);
  return names;
}

/** The values to hide: variables with secret-looking names, and those behind probe passwords. */
export function secretValues(registry: Registry, vars: Readonly<Record<string, string>>): string[] {
  const names = new Set<string>();
  for (const svc of registry.services.values()) {
    for (const [key, raw] of Object.entries(svc.env))
      for (const n of referenced(raw)) if (SECRET_NAME.test(n) || SECRET_NAME.test(key)) names.add(n);
    const h = svc.health;
    if ((h.type === 'postgres' || h.type === 'redis') && h.password) for (const n of referenced(h.password)) names.add(n);
  }
  for (const n of Object.keys(vars)) if (SECRET_NAME.test(n)) names.add(n);
  const values = [...names].map((n) => vars[n]).filter((v): v is string => v !== undefined && v.length >= MIN_SECRET_LENGTH);
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/** Replaces every secret in a text with ***. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** The same stream, with every write scrubbed of secrets. Writes stay synchronous where the stream's are. */
export function scrubbingStream<T extends NodeJS.WritableStream>(out: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return out;
  return new Proxy(out, {
    get(target, prop) {
      if (prop === 'write') {
        return (chunk: string | Uint8Array, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => boolean)(
            scrub(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(), secrets),
            ...rest,
          );
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
