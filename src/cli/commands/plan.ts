// `pyat plan [SERVICE...]`: the start order, as text (one line per tier; with the `deps` gate also
// what each service waits for) or JSON (the tiers, and each service's tier, dependencies and waits).

import { formatPlan, formatWaits } from '../../plan/format.js';
import { plannedServices, waitLists, type Gate } from '../../plan/gate.js';
import { buildPlan } from '../../plan/tiers.js';
import { println, type CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';

/** Prints the tiers of the dependency closure of the named services (all when none). */
export default async function plan(ctx: CommandContext, services: string[], opts: { gate?: Gate } = {}): Promise<number> {
  const registry = await loadForCommand(ctx, { checkEnv: false });
  const p = buildPlan(registry, services, ctx.options.profiles);
  const gate = opts.gate ?? registry.gate;
  const waits = waitLists(registry, p, gate);
  if (ctx.options.json) {
    const list = plannedServices(registry, p).map((s) => ({
      name: s.name,
      tier: s.tier,
      depends_on: s.dependsOn,
      waits_for: waits.get(s.name),
    }));
    println(ctx, JSON.stringify({ project: registry.name, tiers: p.tiers, gate, services: list }));
  } else
    println(
      ctx,
      gate === 'deps'
        ? `${formatPlan(p)}\n\ngate deps: each service waits only for what it depends on\n${formatWaits(waits)}`
        : formatPlan(p),
    );
  return 0;
}
