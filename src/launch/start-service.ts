// Starting one service and waiting until its probe says ready: the container is started only
// when it is not already running, and an exit or a restart ends the wait at once (as Compose's
// convergence.go does for `service_healthy`), instead of at the timeout.

import { EnvironmentError } from '../errors.js';
import type { ServiceDef } from '../registry/model.js';
import type { ContainerInfo } from '../runtime/types.js';
import { pollUntil, type CheckResult } from '../util/poll.js';
import type { LaunchDeps } from './deps.js';
import { jobReadiness, jobVerdict } from './job-readiness.js';
import type { Failure, ServiceOutcome } from './types.js';

// A service without a probe counts as ready once its container runs; give it this long to get there.
const NO_PROBE_TIMEOUT = 60_000;
const NO_PROBE_INTERVAL = 100;
// A job (a migration, a seed) may run for minutes; `--timeout` shortens or lengthens the wait.
const JOB_TIMEOUT = 10 * 60_000;
const LOG_LINES = 30;
const DETAIL_EVERY_MS = 1000;

/** Starts `service` (when needed) and waits for it; never throws for the service's own failures. */
export async function startService(
  service: ServiceDef,
  tier: number,
  container: ContainerInfo | undefined,
  deps: LaunchDeps,
  signal: AbortSignal,
): Promise<ServiceOutcome> {
  const since = (): number => Math.round(deps.clock.now() - deps.t0);
  const emit = (phase: Parameters<LaunchDeps['emit']>[0]['phase'], detail?: string): void =>
    deps.emit({ t: since(), service: service.name, tier, phase, ...(detail ? { detail } : {}) });
  const base = { name: service.name, tier, startedByUs: false, containerId: container?.id };
  const fail = (failure: Omit<Failure, 'blocked' | 'logs' | 'errors'> & Partial<Failure>, startedByUs = false): ServiceOutcome => {
    emit('failed', failure.message);
    return { ...base, startedByUs, status: 'failed', failure: { errors: [], logs: [], blocked: [], ...failure } };
  };
  if (!container) return fail({ service: service.name, reason: 'no-container', message: 'Compose did not create a container for it' });

  const probe = deps.probeFor(service, container);
  const probeInfo = probe ? { kind: probe.kind, target: probe.target } : undefined;
  try {
    // A job that completed from its current definition (the container feed hands out no other) is not run again.
    if (service.job && jobVerdict(container).status === 'ready') {
      emit('already-healthy', 'completed before this run (exited 0), definition unchanged');
      return { ...base, status: 'already-healthy', readyAt: since() };
    }
    if (container.state === 'running' && !service.job) {
      const first = probe ? await probe.check(signal) : { status: 'ready' as const, detail: 'running', latencyMs: 0 };
      if (first.status === 'ready') {
        emit('already-healthy', first.detail);
        return { ...base, status: 'already-healthy', readyAt: since() };
      }
    }

    let startedAt: number | undefined;
    // From here on a `die` of the container is this run's (a second early, for the engine's clock).
    const watchedSince = Date.now() - 1000;
    if (container.state !== 'running') {
      emit('starting');
      try {
        await deps.engine.start(container.id);
      } catch (err) {
        // An engine that is gone fails the environment (exit 3), not this service.
        if (err instanceof EnvironmentError && err.code === 'E_ENGINE') throw err;
        return fail({
          service: service.name,
          reason: 'start-failed',
          message: `the engine could not start it: ${(err as Error).message}`,
          probe: probeInfo,
        });
      }
      startedAt = since();
    }
    emit('probing', probe?.target);

    let exit: { reason: 'exited' | 'restarting'; exitCode?: number | undefined } | undefined;
    const failFast = async (): Promise<CheckResult | undefined> => {
      const now = await deps.engine.inspect(container.id);
      if (now.state === 'exited' || now.state === 'dead') {
        exit = { reason: 'exited', exitCode: now.exitCode };
        return { status: 'failed', detail: `the container exited with code ${now.exitCode}`, latencyMs: 0 };
      }
      if (now.state === 'restarting' || now.restartCount > container.restartCount) {
        // Running again already, the container's state holds exit code 0; the engine's events keep the real one.
        const exitCode =
          now.state === 'restarting' ? now.exitCode : await deps.engine.lastExitCode(container.id, watchedSince).catch(() => undefined);
        exit = { reason: 'restarting', exitCode };
        const last = exitCode === undefined ? '' : `, last exit code ${exitCode}`;
        return { status: 'failed', detail: `the container is restarting (${now.restartCount} restarts${last})`, latencyMs: 0 };
      }
      return undefined;
    };
    // A starting service flaps between "refused", "reset" and "closed" many times a second; a new
    // detail is reported at most once a second, so the output stays readable.
    let lastDetail = '';
    let lastShown = -Infinity;
    const timeout =
      deps.timeoutOverride ?? (service.job ? JOB_TIMEOUT : service.health.type === 'none' ? NO_PROBE_TIMEOUT : service.health.timeout);
    const interval = service.health.type === 'none' ? NO_PROBE_INTERVAL : service.health.interval;
    const jobCheck = service.job ? jobReadiness(deps.engine, container.id) : undefined;
    const check = jobCheck
      ? async (): Promise<CheckResult> => {
          // A job's exit is its answer, not a crash: failed only with a code other than 0.
          const answer = await jobCheck();
          if (answer.status === 'failed') exit = { reason: 'exited', exitCode: answer.exitCode };
          return answer;
        }
      : probe
        ? (s: AbortSignal) => probe.check(s)
        : async (): Promise<CheckResult> => ({ status: 'ready', detail: 'running', latencyMs: 0 });
    const result = await pollUntil(check, {
      interval,
      timeout,
      clock: deps.clock,
      signal,
      ...(service.job ? {} : { failFast }),
      onAttempt: (r) => {
        if (r.status !== 'pending' || r.detail === lastDetail || since() - lastShown < DETAIL_EVERY_MS) return;
        lastShown = since();
        emit('probing', (lastDetail = r.detail));
      },
    });

    const startedByUs = startedAt !== undefined;
    if (result.status === 'ready') {
      emit('healthy', result.last?.detail);
      return { ...base, startedByUs, status: 'healthy', startedAt, readyAt: since() };
    }
    if (result.status === 'aborted') {
      emit('interrupted', result.last?.detail);
      return { ...base, startedByUs, status: 'interrupted', startedAt };
    }
    const logs = await deps.engine.logs(container.id, deps.logLines ?? LOG_LINES).catch(() => []);
    const reason = exit?.reason ?? (result.status === 'timeout' ? 'timeout' : 'probe-failed');
    const message =
      reason === 'timeout'
        ? `not ready after ${Math.round(timeout / 100) / 10}s: ${result.last?.detail ?? 'no answer'}`
        : (result.last?.detail ?? 'the probe failed');
    const probeErrors = result.errors.filter((e) => !e.startsWith('the container ') && !e.startsWith('the job '));
    return fail(
      { service: service.name, reason, message, probe: probeInfo, errors: probeErrors, exitCode: exit?.exitCode, logs },
      startedByUs,
    );
  } finally {
    await probe?.close();
  }
}
