// Carrying out a launch plan: what a restart restarts is stopped first (dependents first), then
// the scheduler (schedule.ts) decides when each service goes and start-service.ts starts it and
// waits, through the engine, probes and clock in `deps`. No decision about what to do is made
// here: that is the plan's (launch-plan.ts).

import { dependentsOf } from '../plan/closure.js';
import { defined } from '../util/defined.js';
import type { Registry } from '../registry/model.js';
import type { ContainerFeed } from './container-feed.js';
import { criticalPath } from './critical-path.js';
import type { LaunchDeps } from './deps.js';
import { startsContainer, type LaunchPlan } from './launch-plan.js';
import { schedule } from './schedule.js';
import { startService } from './start-service.js';
import { freeTurns } from './start-turns.js';
import type { LaunchResult, ServiceOutcome } from './types.js';

// How long a restarted container gets to stop before the engine kills it (Compose's default).
const STOP_TIMEOUT_S = 10;

/** Runs `plan` against the containers `feed` hands out; never throws for a service's failure. */
export async function execute(
  registry: Registry,
  plan: LaunchPlan,
  feed: ContainerFeed,
  deps: LaunchDeps,
  signal: AbortSignal,
): Promise<LaunchResult> {
  const since = (): number => Math.round(deps.clock.now() - deps.t0);
  await stopWaves(plan, feed, deps, since);
  const turns = deps.turns ?? freeTurns;
  const run = async (step: LaunchPlan['services'][number], stop: AbortSignal): Promise<ServiceOutcome> => {
    const service = defined(registry.services.get(step.name), `service ${step.name}`);
    // Due from the moment its gate opens, so that a start with time to spare lets it go first even before its container is there.
    if (startsContainer(step)) turns.due(step.name);
    try {
      const container = await feed.get(step.name);
      // A container that never came because the run was stopped (Ctrl-C, Compose failed) is no failure of the service.
      if (stop.aborted) {
        deps.emit({ t: since(), service: step.name, tier: step.tier, phase: 'interrupted' });
        return { name: step.name, tier: step.tier, status: 'interrupted', startedByUs: false, containerId: container?.id };
      }
      return await startService(service, step, container, deps, stop);
    } finally {
      turns.done(step.name);
    }
  };
  const outcomes = await schedule(plan.services, { run, emit: deps.emit, since }, signal);

  const planned = new Set(plan.services.map((s) => s.name));
  for (const o of outcomes) if (o.failure) o.failure.blocked = dependentsOf(registry, o.name).filter((n) => planned.has(n));
  const status = outcomes.some((o) => o.status === 'failed')
    ? 'failed'
    : outcomes.some((o) => o.status === 'interrupted')
      ? 'interrupted'
      : 'healthy';
  return { status, outcomes, elapsedMs: since(), criticalPath: criticalPath(plan.services, outcomes) };
}

/** `pyat restart`: stops the restarted services wave by wave (dependents first), each wave in parallel. */
async function stopWaves(plan: LaunchPlan, feed: ContainerFeed, deps: LaunchDeps, since: () => number): Promise<void> {
  const tierOf = new Map(plan.services.map((s) => [s.name, s.tier]));
  for (const wave of plan.stop) {
    await Promise.all(
      wave.map(async (name) => {
        const c = await feed.get(name);
        if (!c) return;
        deps.emit({ t: since(), service: name, tier: tierOf.get(name) ?? 0, phase: 'stopping' });
        await deps.engine.stop(c.id, STOP_TIMEOUT_S);
      }),
    );
  }
}
