// Running one service's part of a plan: start its container when the plan says so, then wait
// until its readiness answers. The scheduler (schedule.ts) decides when; this file only does.

import { PyatError } from '../errors.js';
import type { ServiceDef } from '../registry/model.js';
import type { ContainerInfo } from '../runtime/types.js';
import { Nudge } from '../util/nudge.js';
import { pollUntil } from '../util/poll.js';
import type { LaunchDeps } from './deps.js';
import type { PlannedLaunch } from './launch-plan.js';
import { nudgeOnOutput } from './output-nudge.js';
import { serviceReadiness } from './readiness.js';
import { freeTurns } from './start-turns.js';
import type { Failure, LaunchPhase, ServiceOutcome } from './types.js';

const LOG_LINES = 30;
const DETAIL_EVERY_MS = 1000;

/** Carries out `step` for `service` and waits for it; never throws for the service's own failures. */
export async function startService(
  service: ServiceDef,
  step: PlannedLaunch,
  container: ContainerInfo | undefined,
  deps: LaunchDeps,
  signal: AbortSignal,
): Promise<ServiceOutcome> {
  const { tier } = step;
  const since = (): number => Math.round(deps.clock.now() - deps.t0);
  const emit = (phase: LaunchPhase, detail?: string): void => {
    deps.emit({ t: since(), service: service.name, tier, phase, ...(detail ? { detail } : {}) });
  };
  const base = { name: service.name, tier, startedByUs: false, containerId: container?.id };
  const fail = (failure: Omit<Failure, 'blocked' | 'logs' | 'errors'> & Partial<Failure>, startedByUs = false): ServiceOutcome => {
    emit('failed', failure.message);
    return { ...base, startedByUs, status: 'failed', failure: { errors: [], logs: [], blocked: [], ...failure } };
  };
  if (step.action === 'leave') {
    emit('already-healthy');
    return { ...base, status: 'already-healthy', readyAt: since() };
  }
  if (!container) return fail({ service: service.name, reason: 'no-container', message: 'Compose did not create a container for it' });

  // From here on a `die` of the container is this run's (a second early, for the engine's clock).
  const readiness = (deps.readiness ?? serviceReadiness)(service, container, deps, Date.now() - 1000);
  // Once its probe finds the service not ready, the container's output nudges the probe
  // (output-nudge.ts). Not for a job: its exit, not its output, is its answer.
  const nudge = new Nudge();
  const following = new AbortController();
  try {
    let requestedAt: number | undefined;
    let startedAt: number | undefined;
    const turns = deps.turns ?? freeTurns;
    // A restarted container was stopped just now, whatever its state said before.
    if (step.action === 'restart' || (step.action !== 'await' && container.state !== 'running')) {
      await turns.turn(service.name, signal, (first) => {
        emit('waiting', `${first} starts first (its chain of dependents took longer in earlier runs)`);
      });
      if (signal.aborted) {
        emit('interrupted');
        return { ...base, status: 'interrupted' };
      }
      emit('starting');
      requestedAt = since();
      try {
        await deps.engine.start(container.id);
      } catch (err) {
        // An engine that is gone fails the environment (exit 3), and Ctrl-C the run (130), not this service.
        if (err instanceof PyatError && (err.code === 'E_ENGINE' || err.code === 'E_INTERRUPTED')) throw err;
        return fail({
          service: service.name,
          reason: 'start-failed',
          message: `the engine could not start it: ${(err as Error).message}`,
          probe: readiness.probe,
        });
      } finally {
        turns.done(service.name);
      }
      startedAt = since();
    } else {
      // Running already: it needs no start, so it holds no other start back.
      turns.done(service.name);
    }
    emit('probing', readiness.probe?.target);

    // A starting service flaps between "refused", "reset" and "closed" many times a second; a new
    // detail is reported at most once a second, so the output stays readable.
    let lastDetail = '';
    let lastShown = -Infinity;
    const result = await pollUntil((s) => readiness.check(s), {
      interval: readiness.interval,
      timeout: readiness.timeout,
      clock: deps.clock,
      signal,
      failFast: () => readiness.failFast(),
      nudge,
      onAttempt: (r, attempt) => {
        if (r.status === 'pending' && attempt === 1 && readiness.probe) nudgeOnOutput(deps.engine, container.id, nudge, following.signal);
        if (r.status !== 'pending' || r.detail === lastDetail || since() - lastShown < DETAIL_EVERY_MS) return;
        lastShown = since();
        emit('probing', (lastDetail = r.detail));
      },
    });

    const startedByUs = startedAt !== undefined;
    // Running, not started by this run, and ready at the first look once its gate opened: it was healthy already.
    if (result.status === 'ready' && step.action === 'await' && result.attempts === 1) {
      emit('already-healthy', result.last?.detail);
      return { ...base, status: 'already-healthy', readyAt: since() };
    }
    if (result.status === 'ready') {
      emit('healthy', result.last?.detail);
      return { ...base, startedByUs, status: 'healthy', requestedAt, startedAt, readyAt: since() };
    }
    if (result.status === 'aborted') {
      emit('interrupted', result.last?.detail);
      return { ...base, startedByUs, status: 'interrupted', startedAt };
    }
    const logs = await deps.engine.logs(container.id, LOG_LINES).catch(() => []);
    const end = readiness.ended();
    const reason = end?.reason ?? (result.status === 'timeout' ? 'timeout' : 'probe-failed');
    const message =
      reason === 'timeout'
        ? `not ready after ${Math.round(readiness.timeout / 100) / 10}s: ${result.last?.detail ?? 'no answer'}`
        : (result.last?.detail ?? 'the probe failed');
    const probeErrors = result.errors.filter((e) => !e.startsWith('the container ') && !e.startsWith('the job '));
    return fail(
      { service: service.name, reason, message, probe: readiness.probe, errors: probeErrors, exitCode: end?.exitCode, logs },
      startedByUs,
    );
  } finally {
    following.abort();
    await readiness.close();
  }
}
