// Tiers: a service's tier is 0 when it has no dependencies, else 1 + the highest tier among them.
// Services of one tier start together; a tier starts only when every tier below is ready.

import type { Registry } from '../registry/model.js';
import { dependencyClosure } from './closure.js';
import { defined } from '../util/defined.js';

/** The start plan: tiers of service names, sorted by name inside a tier. */
export interface Plan {
  tiers: string[][];
}

/** Computes the tier of every service in the closure. Assumes the registry has no cycle (validated). */
export function tierOf(registry: Registry, names: readonly string[]): Map<string, number> {
  const tiers = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (name: string): number => {
    const known = tiers.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`dependency cycle through ${name}`); // validators catch this first
    visiting.add(name);
    const deps = registry.services.get(name)?.dependsOn ?? [];
    const tier = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(visit));
    visiting.delete(name);
    tiers.set(name, tier);
    return tier;
  };
  for (const name of names) visit(name);
  return tiers;
}

/** Builds the plan for the closure of `names` (all services when none are named). */
export function buildPlan(registry: Registry, names: readonly string[] = [], profiles: readonly string[] = []): Plan {
  const closure = dependencyClosure(registry, names, profiles);
  const tierMap = tierOf(registry, closure);
  const tiers: string[][] = [];
  for (const name of closure) {
    const t = defined(tierMap.get(name), `the tier of ${name}`);
    (tiers[t] ??= []).push(name);
  }
  return { tiers: tiers.map((names) => [...names].sort()) };
}
