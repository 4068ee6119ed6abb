// `pyat plan [SERVICE...]`: the start order, as text (one line per tier) or JSON.

import { buildPlan } from '../../plan/tiers.js';
import { formatPlan } from '../../plan/format.js';
import { println, type CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';

/** Prints the tiers of the dependency closure of the named services (all when none). */
export default async function plan(ctx: CommandContext, services: string[]): Promise<number> {
  const registry = await loadForCommand(ctx, { checkEnv: false });
  const p = buildPlan(registry, services, ctx.options.profiles);
  println(ctx, ctx.options.json ? JSON.stringify({ project: registry.name, tiers: p.tiers }) : formatPlan(p));
  return 0;
}
