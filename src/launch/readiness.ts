// When a started service counts as ready, as one injected check that answers ready | pending |
// failed (docker/compose convergence.go `waitDependency`): the container is looked at before
// every attempt, so an exit or a restart loop fails at once instead of at the timeout, then the
// probe answers. A new kind of readiness (a one-shot job: ready when its container exited 0) is
// one more function here; the scheduler does not know the kinds.

import type { ServiceDef } from '../registry/model.js';
import type { ContainerInfo, Engine } from '../runtime/types.js';
import type { CheckResult } from '../util/poll.js';
import type { LaunchDeps } from './deps.js';
import { jobReadiness } from './job-readiness.js';

// A service without a probe counts as ready once its container runs; give it this long to get there.
const NO_PROBE_TIMEOUT = 60_000;
const NO_PROBE_INTERVAL = 100;
// A job (a migration, a seed) may run for minutes; `--timeout` shortens or lengthens the wait.
const JOB_TIMEOUT = 10 * 60_000;
const JOB_INTERVAL = 100;

/** How the container ended the wait, when it did. */
export interface ContainerEnd {
  reason: 'exited' | 'restarting';
  exitCode?: number | undefined;
}

/** The readiness of one service: its timing, one attempt, and the container's verdict before each attempt. */
export interface Readiness {
  /** The probe, for the failure report (none for `health.type: none`). */
  probe?: { kind: string; target: string } | undefined;
  interval: number;
  timeout: number;
  /** One attempt: ready, pending or failed, with a detail. */
  check(signal: AbortSignal): Promise<CheckResult>;
  /** Asked before every attempt: `failed` ends the wait at once (the container exited or restarts). */
  failFast(): Promise<CheckResult | undefined>;
  /** Why the container ended the wait, once `failFast` said so. */
  ended(): ContainerEnd | undefined;
  close(): Promise<void>;
}

/**
 * The readiness of a long-running service: its container must stay up (not exit, not restart
 * past `container.restartCount`), and its probe must answer ready. `watchedSince` (epoch ms) is
 * when this run began to look, for the exit code of a restart the engine already undid.
 */
export function serviceReadiness(
  service: ServiceDef,
  container: ContainerInfo,
  deps: Pick<LaunchDeps, 'probeFor' | 'timeoutOverride'> & { engine: Pick<Engine, 'inspect' | 'lastExitCode'> },
  watchedSince: number,
): Readiness {
  if (service.job) return jobReadinessOf(container, deps);
  const probe = deps.probeFor(service, container);
  const spec = service.health;
  let end: ContainerEnd | undefined;
  const failed = (detail: string): CheckResult => ({ status: 'failed', detail, latencyMs: 0 });
  return {
    probe: probe ? { kind: probe.kind, target: probe.target } : undefined,
    interval: spec.type === 'none' ? NO_PROBE_INTERVAL : spec.interval,
    timeout: deps.timeoutOverride ?? (spec.type === 'none' ? NO_PROBE_TIMEOUT : spec.timeout),
    check: probe ? (signal) => probe.check(signal) : () => Promise.resolve({ status: 'ready', detail: 'running', latencyMs: 0 }),
    failFast: async () => {
      const now = await deps.engine.inspect(container.id);
      if (now.state === 'exited' || now.state === 'dead') {
        end = { reason: 'exited', exitCode: now.exitCode };
        return failed(`the container exited with code ${now.exitCode}`);
      }
      if (now.state === 'restarting' || now.restartCount > container.restartCount) {
        // Running again already, the container's state holds exit code 0; the engine's events keep the real one.
        const exitCode =
          now.state === 'restarting' ? now.exitCode : await deps.engine.lastExitCode(container.id, watchedSince).catch(() => undefined);
        end = { reason: 'restarting', exitCode };
        const last = exitCode === undefined ? '' : `, last exit code ${exitCode}`;
        return failed(`the container is restarting (${now.restartCount} restarts${last})`);
      }
      return undefined;
    },
    ended: () => end,
    close: async () => probe?.close(),
  };
}

/**
 * The readiness of a one-shot job: ready once its container exited 0, failed with its exit code
 * otherwise. Its exit is its answer, not a crash, so nothing fails fast.
 */
function jobReadinessOf(
  container: ContainerInfo,
  deps: Pick<LaunchDeps, 'timeoutOverride'> & { engine: Pick<Engine, 'inspect'> },
): Readiness {
  const answer = jobReadiness(deps.engine, container.id);
  let end: ContainerEnd | undefined;
  return {
    interval: JOB_INTERVAL,
    timeout: deps.timeoutOverride ?? JOB_TIMEOUT,
    check: async () => {
      const a = await answer();
      if (a.status === 'failed') end = { reason: 'exited', exitCode: a.exitCode };
      return a;
    },
    failFast: () => Promise.resolve(undefined),
    ended: () => end,
    close: () => Promise.resolve(),
  };
}
