// The plan's canonical text form: what `pyat plan` prints and what tests assert against.

import type { Plan } from './tiers.js';

/** One line per tier: `tier 0: postgres, redis`. */
export function formatPlan(plan: Plan): string {
  return plan.tiers.map((names, i) => `tier ${i}: ${names.join(', ')}`).join('\n');
}
