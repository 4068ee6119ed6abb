// Gate latency, stack start and peak memory, from the same runs of the whole demo stack:
// - pyat:    `pyat up --json` (its events carry wall-clock times), peak RSS by a preload;
// - Compose: `compose up -d` on pyat's generated file (v1 form), then the engine is polled every
//   50 ms until every container is healthy; tuned (healthcheck interval 1s) or with the engine's
//   default timing (30s), which is only run until checkout has started.
// Gate latency: checkout's StartedAt minus the later of catalog's and orders' `listening on`.

import { composeArgs } from '../lib/compose.mjs';
import { listeningAt, projectState, removeProject } from '../lib/engine.mjs';
import { runNodeWithPeakRss, sleep, start } from '../lib/measure.mjs';
import { pyatBin } from '../lib/stack.mjs';

const POLL_MS = 50;
// Far beyond any healthy run (with default timing, checkout starts after ~60 s): a stuck run fails instead of hanging.
const DEADLINE_MS = 180_000;
const GATED = ['catalog', 'orders']; // checkout depends on both
const DEPENDENT = 'checkout';

/** When the later of catalog and orders logged `listening on`, and when checkout's container started. */
async function gateTimes(state) {
  const by = Object.fromEntries(state.map((c) => [c.service, c]));
  const listening = await Promise.all(GATED.map((s) => listeningAt(by[s].id)));
  if (listening.some((t) => t === undefined)) throw new Error(`no "listening on" in the logs of ${GATED.join(' / ')}`);
  return { ready: Math.max(...listening), started: by[DEPENDENT].startedAt };
}

/** One `pyat up` of the stack on a fresh project: wall ms, peak MB, gate latency and its parts. */
export async function pyatRun(stack, project) {
  await removeProject(project);
  const r = await runNodeWithPeakRss([pyatBin, '-f', stack.file, '-p', project, 'up', '--json'], { cwd: stack.dir });
  if (r.code !== 0) throw new Error(`pyat up failed (exit ${r.code}):\n${r.stderr}\n${r.stdout.slice(-3000)}`);
  const events = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{"t"'))
    .map((l) => JSON.parse(l));
  const at = (service, phase) => Date.parse(events.find((e) => e.service === service && e.phase === phase)?.at);
  const { ready, started } = await gateTimes(await projectState(project));
  const seen = Math.max(...GATED.map((s) => at(s, 'healthy')));
  const asked = at(DEPENDENT, 'starting');
  await removeProject(project);
  return {
    ms: r.ms,
    peakMb: r.peakMb,
    gate: started - ready,
    // ready → pyat's probe passes → pyat asks the engine to start checkout → the engine's StartedAt
    parts: { probe: seen - ready, decide: asked - seen, engine: started - asked },
  };
}

/**
 * One `compose up -d` of `file` on a fresh project, timed until every container is healthy (or,
 * with `untilStarted`, until checkout has started: the default-timing runs need no more).
 */
export async function composeRun(compose, file, project, { untilStarted = false } = {}) {
  await removeProject(project);
  const up = start(compose.argv[0], composeArgs(compose, project, file, ['up', '-d']));
  let exited;
  up.done.then((r) => (exited = r));
  // The engine keeps only the last 5 checks, so the first passing one is recorded while polling.
  const firstPass = new Map();
  let ms;
  for (;;) {
    await sleep(POLL_MS);
    const state = await projectState(project);
    for (const c of state) if (c.firstPass && !(c.firstPass >= firstPass.get(c.service))) firstPass.set(c.service, c.firstPass);
    const now = performance.now();
    if (
      untilStarted
        ? state.some((c) => c.service === DEPENDENT && c.startedAt)
        : exited && state.length > 0 && state.every((c) => c.health === 'healthy')
    ) {
      ms = now - up.t0;
      break;
    }
    if (exited && exited.code !== 0) throw new Error(`compose up failed (exit ${exited.code}):\n${exited.stderr.slice(-3000)}`);
    if (now - up.t0 > DEADLINE_MS) {
      up.child.kill('SIGTERM');
      throw new Error(
        `compose up: not ${untilStarted ? `${DEPENDENT} started` : 'all healthy'} after ${DEADLINE_MS / 1000} s: ${JSON.stringify(state.map((c) => [c.service, c.status, c.health]))}`,
      );
    }
  }
  if (!exited) up.child.kill('SIGTERM');
  await up.done;
  const { ready, started } = await gateTimes(await projectState(project));
  const healthy = Math.max(...GATED.map((s) => firstPass.get(s)));
  await removeProject(project);
  return {
    ms: untilStarted ? undefined : ms,
    gate: started - ready,
    // ready → the engine's first passing healthcheck → Compose creates and starts checkout (StartedAt)
    parts: { healthcheck: healthy - ready, compose: started - healthy },
  };
}
