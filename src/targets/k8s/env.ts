// A container's environment in Kubernetes words. Compose reads `${VAR}` from the machine; a
// cluster has no such machine, so each variable becomes a reference: to the one Secret when the
// registry gives no default, to the ConfigMap (holding the default) when it does. A value made of
// text and variables is written with Kubernetes' own `$(NAME)` expansion, and every NAME it uses is
// defined earlier in the same list, since Kubernetes expands only names defined before the use.

import type { EnvVar, EnvVarSource } from 'kubernetes-types/core/v1.js';
import type { Problem } from '../../errors.js';
import type { ServiceDef } from '../../registry/model.js';
import { parseTemplate, type Token } from '../../registry/template.js';
import { templatedStrings } from '../../registry/validators/templated.js';

/** Where the variables come from in the cluster; filled in by every service's environment. */
export interface VariableSources {
  secretName: string;
  configName: string;
  /** Variables without a default: keys of the Secret. */
  secretKeys: Set<string>;
  /** Variables with a default: keys and values of the ConfigMap. */
  config: Map<string, string>;
  problems: Problem[];
}

type VarToken = Extract<Token, { kind: 'var' }>;

/** The variables that have a default somewhere in these services go to the ConfigMap: a first pass before any environment is built. */
export function collectDefaults(services: readonly ServiceDef[], sources: VariableSources): void {
  for (const svc of services) {
    for (const { parsed } of templatedStrings(svc)) {
      if ('error' in parsed) continue; // the loader reports it
      for (const t of parsed) {
        if (t.kind !== 'var' || (t.op !== '-' && t.op !== ':-')) continue;
        const value = (t.arg ?? []).map((a) => (a.kind === 'text' ? a.text : '')).join('');
        const known = sources.config.get(t.name);
        if (known !== undefined && known !== value) {
          sources.problems.push(
            problem(svc, `\${${t.name}} has two defaults ("${known}" and "${value}")`, `give ${t.name} one default everywhere`),
          );
        }
        sources.config.set(t.name, known ?? value);
      }
    }
  }
}

function problem(svc: ServiceDef, message: string, hint: string): Problem {
  return {
    message: `service "${svc.name}": ${message}, which Kubernetes cannot express`,
    hint,
    severity: 'error',
    ...(svc.location ? { location: svc.location } : {}),
  };
}

// Kubernetes reads `$(NAME)` in values and arguments and turns `$$` into `$`: a literal `$` is doubled.
const literal = (text: string) => text.replaceAll('$', '$$$$');
// A shell word: single-quoted text; variables as "${NAME}" from the container's own environment.
const shellText = (text: string) => (text === '' ? '' : /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);

/** The environment of one container, built entry by entry. */
export class ContainerEnv {
  private readonly helpers = new Map<string, EnvVar>();
  private readonly plain: EnvVar[] = [];
  private readonly composite: EnvVar[] = [];

  constructor(
    private readonly svc: ServiceDef,
    private readonly sources: VariableSources,
    /** The service's own environment keys with their raw values: a helper must not take one's name. */
    private readonly own: Readonly<Record<string, string>>,
  ) {}

  /** Adds `key` with the registry's raw value. */
  add(key: string, raw: string): void {
    const tokens = this.parse(raw);
    const [only] = tokens;
    if (tokens.every((t) => t.kind === 'text')) this.plain.push({ name: key, value: literal(tokens.map((t) => t.text).join('')) });
    else if (tokens.length === 1 && only?.kind === 'var') this.plain.push({ name: key, valueFrom: this.source(only) });
    else this.composite.push({ name: key, value: this.expansion(raw) });
  }

  /** The raw text with each variable as `$(NAME)`, NAME defined in this environment (for values and `args`). */
  expansion(raw: string): string {
    return this.parse(raw)
      .map((t) => (t.kind === 'text' ? literal(t.text) : `$(${this.ref(t)})`))
      .join('');
  }

  /** The raw text as one shell word, each variable read from this environment (for `sh -c` in exec probes). */
  shellWord(raw: string): string {
    return this.parse(raw)
      .map((t) => (t.kind === 'text' ? shellText(t.text) : `"\${${this.ref(t)}}"`))
      .join('');
  }

  /** Raw shell text (an exec probe's string) with each variable read from this environment as `${NAME}`. */
  shellText(raw: string): string {
    return this.parse(raw)
      .map((t) => (t.kind === 'text' ? t.text : `\${${this.ref(t)}}`))
      .join('');
  }

  /** Whether a raw text holds a variable. */
  templated(raw: string): boolean {
    return this.parse(raw).some((t) => t.kind === 'var');
  }

  /** The entries, each defined before any entry that expands it: helpers, then plain values, then composite ones. */
  build(): EnvVar[] {
    return [...[...this.helpers.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), ...this.plain, ...this.composite];
  }

  private parse(raw: string): Token[] {
    const tokens = parseTemplate(raw);
    return 'error' in tokens ? [{ kind: 'text', text: raw }] : tokens; // the loader has reported it
  }

  /** The name of the entry that holds variable `t`: the service's own entry of that name when it is exactly this variable, else a helper. */
  private ref(t: VarToken): string {
    const own = this.own[t.name];
    if (own !== undefined) {
      const tokens = this.parse(own);
      if (tokens.length === 1 && tokens[0]?.kind === 'var' && tokens[0].name === t.name) return t.name;
    }
    const name = own === undefined ? t.name : `PYAT_${t.name}`;
    if (!this.helpers.has(name)) this.helpers.set(name, { name, valueFrom: this.source(t) });
    return name;
  }

  private source(t: VarToken): EnvVarSource {
    const op = t.op;
    const nested = (t.arg ?? []).some((a) => a.kind === 'var');
    if (op === '+' || op === ':+' || nested) {
      const form = nested ? 'a default that holds a variable' : `\${${t.name}${op ?? ''}…}`;
      this.sources.problems.push(problem(this.svc, form, `write \${${t.name}} or \${${t.name}:-default} instead`));
    }
    if (this.sources.config.has(t.name)) return { configMapKeyRef: { name: this.sources.configName, key: t.name } };
    this.sources.secretKeys.add(t.name);
    return { secretKeyRef: { name: this.sources.secretName, key: t.name } };
  }
}
