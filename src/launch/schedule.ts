// The one scheduler of a launch: a service goes as soon as everything it waits for is ready, so
// the gate is nothing but the plan's wait edges (`tiers` and `deps` differ only in them). The
// first failure stops the run at once: what is still on its way is interrupted, what was still
// waiting is blocked by the failure it (transitively) waited for, or else interrupted; what is
// ready stays as it is and is listed.

import type { PlannedLaunch } from './launch-plan.js';
import type { LaunchEvent, ServiceOutcome } from './types.js';
import { sharedAbortController } from '../util/shared-abort.js';

/** How the scheduler runs one service, and where it reports. */
export interface ScheduleDeps {
  /** Carries out one planned service (start, wait); resolves with its outcome, rejects only for the environment (exit 3). */
  run(step: PlannedLaunch, signal: AbortSignal): Promise<ServiceOutcome>;
  emit(event: LaunchEvent): void;
  /** Milliseconds since the run began. */
  since(): number;
}

const isReady = (o: ServiceOutcome | undefined): boolean => o?.status === 'healthy' || o?.status === 'already-healthy';

/** Runs every planned service through its gate; the outcomes come back in plan order. */
export async function schedule(services: readonly PlannedLaunch[], deps: ScheduleDeps, signal: AbortSignal): Promise<ServiceOutcome[]> {
  const outcomes = new Map<string, ServiceOutcome>();
  const stop = sharedAbortController();
  const onAbort = (): void => {
    stop.abort(signal.reason);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  for (const s of services) if (s.waitsFor.length > 0) deps.emit({ t: deps.since(), service: s.name, tier: s.tier, phase: 'waiting' });

  try {
    await new Promise<void>((resolve, reject) => {
      const launched = new Set<string>();
      let inFlight = 0;
      let thrown: { err: Error } | undefined;
      const pump = (): void => {
        if (!stop.signal.aborted) {
          for (const s of services) {
            if (launched.has(s.name) || !s.waitsFor.every((w) => isReady(outcomes.get(w)))) continue;
            launched.add(s.name);
            inFlight += 1;
            deps.run(s, stop.signal).then(
              (o) => {
                outcomes.set(s.name, o);
                settle(o.status === 'failed');
              },
              (err: unknown) => {
                thrown ??= { err: err instanceof Error ? err : new Error(String(err)) };
                settle(true);
              },
            );
          }
        }
        if (inFlight > 0) return;
        if (thrown) reject(thrown.err);
        else resolve();
      };
      const settle = (fatal: boolean): void => {
        inFlight -= 1;
        if (fatal) stop.abort(); // fail fast: nothing more starts, every wait still running ends
        pump();
      };
      pump();
    });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }

  return services.map((s) => {
    const done = outcomes.get(s.name);
    if (done) return done;
    const by = blocker(s, services, outcomes);
    deps.emit({
      t: deps.since(),
      service: s.name,
      tier: s.tier,
      phase: by ? 'blocked' : 'interrupted',
      ...(by ? { detail: `waits for ${by}, which failed` } : {}),
    });
    return { name: s.name, tier: s.tier, status: by ? 'blocked' : 'interrupted', startedByUs: false, ...(by ? { blockedBy: by } : {}) };
  });
}

/** The failed service that `s` waited for, directly or through services it waited for, if any. */
function blocker(s: PlannedLaunch, services: readonly PlannedLaunch[], outcomes: ReadonlyMap<string, ServiceOutcome>): string | undefined {
  const byName = new Map(services.map((x) => [x.name, x]));
  const seen = new Set<string>();
  const stack = [...s.waitsFor];
  while (stack.length > 0) {
    const name = stack.shift() ?? '';
    if (seen.has(name)) continue;
    seen.add(name);
    if (outcomes.get(name)?.status === 'failed') return name;
    if (!outcomes.has(name)) stack.push(...(byName.get(name)?.waitsFor ?? []));
  }
  return undefined;
}
