// The critical path: the chain of services that decided how long the start took. With tier
// gating, a tier begins when its slowest member below is ready, so the chain runs from the last
// service ready down through the slowest service of each lower tier.

import type { ServiceOutcome } from './types.js';

/** Returns the services on the critical path, lowest tier first. */
export function criticalPath(outcomes: readonly ServiceOutcome[]): ServiceOutcome[] {
  const byTier = new Map<number, { o: ServiceOutcome; readyAt: number }>();
  for (const o of outcomes) {
    if (o.readyAt === undefined) continue;
    const slowest = byTier.get(o.tier);
    if (!slowest || o.readyAt > slowest.readyAt) byTier.set(o.tier, { o, readyAt: o.readyAt });
  }
  return [...byTier.entries()].sort((a, b) => a[0] - b[0]).map(([, { o }]) => o);
}
