// The plan's canonical text form: what `pyat plan` prints and what tests assert against.

import type { Plan } from './tiers.js';

/** One line per tier: `tier 0: postgres, redis`. */
export function formatPlan(plan: Plan): string {
  return plan.tiers.map((names, i) => `tier ${i}: ${names.join(', ')}`).join('\n');
}

/** One line per service: what it waits for under the gate (`catalog  waits for postgres, redis`). */
export function formatWaits(waits: ReadonlyMap<string, readonly string[]>): string {
  const width = Math.max(...[...waits.keys()].map((n) => n.length));
  return [...waits]
    .map(([name, on]) => `${name.padEnd(width)}  ${on.length > 0 ? `waits for ${on.join(', ')}` : 'starts at once'}`)
    .join('\n');
}
