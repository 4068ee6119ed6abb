// The `${VAR}` references of a service, found by the same walk the validators use: what a person
// (the docs target) or a cluster (the k8s target) must provide. Names only, never values.

import type { ServiceDef } from '../registry/model.js';
import type { Token } from '../registry/template.js';
import { templatedStrings } from '../registry/validators/templated.js';

/** A variable a service reads: `required` when no default stands in for it. */
export interface VariableUse {
  name: string;
  required: boolean;
}

/** The variables of a service, sorted by name; `required_env` names count as required. */
export function variablesOf(svc: ServiceDef): VariableUse[] {
  const out = new Map<string, boolean>();
  const note = (name: string, required: boolean) => out.set(name, (out.get(name) ?? false) || required);
  const walk = (tokens: readonly Token[]): void => {
    for (const t of tokens) {
      if (t.kind !== 'var') continue;
      note(t.name, t.op === undefined || t.op === '?' || t.op === ':?');
      walk(t.arg ?? []);
    }
  };
  for (const s of templatedStrings(svc)) if (!('error' in s.parsed)) walk(s.parsed);
  for (const name of svc.requiredEnv) note(name, true);
  return [...out].map(([name, required]) => ({ name, required })).sort((a, b) => (a.name < b.name ? -1 : 1));
}
