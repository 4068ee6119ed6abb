// The critical path: the chain of waits that decided how long the start took. It begins at the
// service ready last and goes down the gate's own edges — at each step to the service it waited
// for that was ready last — so it follows the edges the scheduler really waited on, in either gate.

import type { PlannedLaunch } from './launch-plan.js';
import type { ServiceOutcome } from './types.js';

/** The names on the critical path, first waited-for first; empty when nothing became ready. */
export function criticalPath(services: readonly PlannedLaunch[], outcomes: readonly ServiceOutcome[]): string[] {
  // Only what this run waited for: a service already healthy cost no time.
  const readyAt = new Map(
    outcomes.flatMap((o) => (o.status !== 'healthy' || o.readyAt === undefined ? [] : [[o.name, o.readyAt] as const])),
  );
  const waits = new Map(services.map((s) => [s.name, s.waitsFor]));
  const latest = (names: readonly string[]): string | undefined =>
    names
      .filter((n) => readyAt.has(n))
      .reduce<string | undefined>((a, n) => (a === undefined || (readyAt.get(n) ?? 0) > (readyAt.get(a) ?? 0) ? n : a), undefined);
  const path: string[] = [];
  for (let at = latest(outcomes.map((o) => o.name)); at !== undefined; at = latest(waits.get(at) ?? [])) path.unshift(at);
  return path;
}
