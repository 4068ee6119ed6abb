// The gate: tier by tier, every service of a tier in parallel; a tier starts only when every
// service below it is ready. The first failure stops the run at once: the rest of its tier is
// interrupted, and everything above is reported as blocked, with the service that blocked it.

import { dependentsOf } from '../plan/closure.js';
import type { Plan } from '../plan/tiers.js';
import type { Registry } from '../registry/model.js';
import type { ContainerFeed } from './container-feed.js';
import type { LaunchDeps } from './deps.js';
import { startService } from './start-service.js';
import type { LaunchResult, ServiceOutcome } from './types.js';
import { defined } from '../util/defined.js';

/** Runs the plan against the containers `feed` hands out; never throws for a service's failure. */
export async function runTiers(
  registry: Registry,
  plan: Plan,
  feed: ContainerFeed,
  deps: LaunchDeps,
  signal: AbortSignal,
): Promise<LaunchResult> {
  const outcomes = new Map<string, ServiceOutcome>();
  const since = (): number => Math.round(deps.clock.now() - deps.t0);
  plan.tiers.forEach((names, tier) => names.forEach((service) => tier > 0 && deps.emit({ t: since(), service, tier, phase: 'waiting' })));

  for (const [tier, names] of plan.tiers.entries()) {
    if (signal.aborted) break;
    const tierAbort = new AbortController();
    const onOuter = (): void => tierAbort.abort();
    signal.addEventListener('abort', onOuter, { once: true });
    try {
      const results = await Promise.all(
        names.map(async (name) => {
          const container = await feed.get(name);
          // A container that never came because the run was stopped (Ctrl-C, Compose failed) is no failure of the service.
          if (tierAbort.signal.aborted) {
            deps.emit({ t: since(), service: name, tier, phase: 'interrupted' });
            return { name, tier, status: 'interrupted' as const, startedByUs: false, containerId: container?.id };
          }
          const outcome = await startService(
            defined(registry.services.get(name), `service ${name}`),
            tier,
            container,
            deps,
            tierAbort.signal,
          );
          if (outcome.status === 'failed') tierAbort.abort(); // fail fast: stop waiting for its siblings
          return outcome;
        }),
      );
      for (const o of results) outcomes.set(o.name, o);
    } finally {
      signal.removeEventListener('abort', onOuter);
    }
    if (anyStopped(outcomes)) break;
  }

  const planned = plan.tiers.flatMap((names, tier) => names.map((name) => ({ name, tier })));
  const failed = [...outcomes.values()].filter((o) => o.status === 'failed');
  for (const f of failed)
    defined(f.failure, `the failure of ${f.name}`).blocked = dependentsOf(registry, f.name).filter((n) =>
      planned.some((p) => p.name === n),
    );
  for (const { name, tier } of planned) {
    if (outcomes.has(name)) continue;
    const status = failed.length > 0 ? 'blocked' : 'interrupted';
    deps.emit({
      t: since(),
      service: name,
      tier,
      phase: status,
      ...(failed.length > 0 ? { detail: `waits for ${failed.map((f) => f.name).join(', ')}` } : {}),
    });
    outcomes.set(name, { name, tier, status, startedByUs: false });
  }
  const all = planned.map(({ name }) => defined(outcomes.get(name), `the outcome of ${name}`));
  const status = failed.length > 0 ? 'failed' : all.some((o) => o.status === 'interrupted') ? 'interrupted' : 'healthy';
  return { status, outcomes: all, elapsedMs: since() };
}

function anyStopped(outcomes: ReadonlyMap<string, ServiceOutcome>): boolean {
  return [...outcomes.values()].some((o) => o.status === 'failed' || o.status === 'interrupted');
}
