// Merges the `-f` files in order, like Compose overrides: a later file overrides the keys it
// names; maps merge deeply (so `env` merges key by key); scalars and lists are replaced. Compose
// merges some lists (ports, volumes) by rules of their own; pyat keeps one rule: lists replace.

import { isRecord, type Path } from './path.js';

/** Merges `over` onto `base`. */
export function mergeValues(base: unknown, over: unknown, path: Path = []): unknown {
  if (!isRecord(base) || !isRecord(over) || replacesWhole(base, over, path)) return over;
  // Object.fromEntries, not assignment: a `__proto__` key stays a plain key.
  const entries = Object.entries(base).map(([k, v]) => [k, Object.hasOwn(over, k) ? mergeValues(v, over[k], [...path, k]) : v]);
  for (const [k, v] of Object.entries(over)) if (!Object.hasOwn(base, k)) entries.push([k, v]);
  return Object.fromEntries(entries);
}

/** Merges any number of parsed files, first to last. */
export function mergeAll(values: readonly unknown[]): unknown {
  return values.reduce<unknown>((acc, v) => mergeValues(acc, v), undefined);
}

// A `health` of another `type` is a different probe: merging `{type: http, path}` with
// `{type: postgres}` would leave a `path` that postgres does not accept.
function replacesWhole(base: Record<string, unknown>, over: Record<string, unknown>, path: Path): boolean {
  const isHealth = path.length === 3 && path[0] === 'services' && path[2] === 'health';
  return isHealth && over.type !== undefined && over.type !== base.type;
}
