// The gate: what each service waits for before it may start. Both gates are edges over the same
// plan, so that one scheduler runs either: `deps` is each service's own dependencies (as Compose's
// `service_healthy`); `tiers` is `deps` with every service of tier N also made to wait for all of
// tier N-1, so that a tier starts only when every service below it is ready.

import type { Gate, Registry } from '../registry/model.js';
import type { Plan } from './tiers.js';

export type { Gate } from '../registry/model.js';

/** The planned services with their tier and direct dependencies (inside the plan), tier by tier, by name inside a tier. */
export function plannedServices(registry: Registry, plan: Plan): { name: string; tier: number; dependsOn: string[] }[] {
  const selected = new Set(plan.tiers.flat());
  return plan.tiers.flatMap((names, tier) =>
    names.map((name) => ({ name, tier, dependsOn: (registry.services.get(name)?.dependsOn ?? []).filter((d) => selected.has(d)) })),
  );
}

/** What each planned service waits for under `gate`, by name; the order follows the plan. */
export function waitLists(registry: Registry, plan: Plan, gate: Gate): Map<string, string[]> {
  const waits = new Map<string, string[]>();
  for (const s of plannedServices(registry, plan)) {
    const below = gate === 'tiers' && s.tier > 0 ? (plan.tiers[s.tier - 1] ?? []) : [];
    // Its own dependencies stay in the list under `tiers` too: they are ready before the tier
    // below starts, so they add no wait, but they say what a failure blocks.
    waits.set(s.name, gate === 'tiers' ? [...new Set([...below, ...s.dependsOn])].sort() : [...s.dependsOn].sort());
  }
  return waits;
}
