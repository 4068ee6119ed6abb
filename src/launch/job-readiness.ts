// The readiness of a one-shot job (`job: true`), in the shape every readiness check has (ready |
// pending | failed, see util/poll.ts): ready once its container has exited 0, failed with the exit
// code otherwise, pending while it runs. As Compose's `service_completed_successfully`
// (docker/compose pkg/compose/convergence.go): a job's exit is its answer, not a crash.

import type { ContainerInfo, Engine } from '../runtime/types.js';
import type { CheckResult } from '../util/poll.js';

/** A job's answer, with the exit code when it has exited. */
export type JobAnswer = CheckResult & { exitCode?: number };

/** What a job's container says about the job: a pure reading of its state. */
export function jobVerdict(c: Pick<ContainerInfo, 'state' | 'exitCode'>): JobAnswer {
  const done = { latencyMs: 0, exitCode: c.exitCode };
  if (c.state === 'exited' || c.state === 'dead') {
    return c.exitCode === 0
      ? { ...done, status: 'ready', detail: 'completed (exited 0)' }
      : { ...done, status: 'failed', detail: `the job exited with code ${c.exitCode}` };
  }
  // `restart: on-failure` runs a failing job again: it is still trying, so keep waiting.
  if (c.state === 'restarting') return { status: 'pending', detail: `restarting after exit code ${c.exitCode}`, latencyMs: 0 };
  if (c.state === 'created') return { status: 'pending', detail: 'created, not started yet', latencyMs: 0 };
  return { status: 'pending', detail: 'running', latencyMs: 0 };
}

/** The readiness check of the job in container `id`: one inspect per call. */
export function jobReadiness(engine: Pick<Engine, 'inspect'>, id: string): () => Promise<JobAnswer> {
  return async () => jobVerdict(await engine.inspect(id));
}
