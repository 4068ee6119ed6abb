// Issue 13's stack with uneven branches (bench/lib/stack.mjs makeUnevenStack): platform boots
// for seconds beside a fast airtable-gateway, and only automation and api-gateway need it.
// - pyat `up --gate deps` and `up --gate tiers`: command → exit (every service healthy); deps both
//   with the boot times learned from the runs before it and cold (none learned: a first run);
// - Compose tuned (healthcheck interval 1s, `service_healthy`): `up -d` → every container healthy;
// - the stack's critical path, from the engine's own timestamps of the deps run: per service its
//   start (pyat's start request → StartedAt) and boot (StartedAt → `listening on` in its log; for
//   Postgres and Redis, → pyat's probe saw it ready), summed along the slowest chain of edges;
// - pyat's own share of a gate: automation's start request − platform's `listening on`;
// - `up` again on the healthy stack (every service already healthy), command → exit.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { composeArgs } from '../lib/compose.mjs';
import { listeningAt, projectState, removeProject } from '../lib/engine.mjs';
import { median, run, sleep, start } from '../lib/measure.mjs';
import { pyatBin } from '../lib/stack.mjs';

const POLL_MS = 50;
// Far beyond a healthy run; on a loaded machine each Compose healthcheck may start a Node process for seconds.
const DEADLINE_MS = 600_000;
const INFRA = new Set(['postgres', 'redis']);

/** The longest chain of `cost` along `deps` (the sum of each service's cost on the slowest path). */
function longestChain(deps, cost) {
  const done = new Map();
  const finish = (s) => {
    if (!done.has(s)) done.set(s, Math.max(0, ...deps[s].map(finish)) + cost[s]);
    return done.get(s);
  };
  return Math.max(...Object.keys(deps).map(finish));
}

/**
 * One `pyat up --gate <gate>` from nothing; with `again`, that many `up` runs on the healthy stack
 * after it. `cold`: with no boot times learned from earlier runs (its cache's boot-times removed
 * first), as on a machine's first run of the stack; else with those of the runs before it.
 */
export async function pyatUneven(stack, project, gate, { again = 0, cold = false } = {}) {
  await removeProject(project);
  const env = { ...process.env, XDG_CACHE_HOME: cold ? stack.coldCache : stack.cache };
  if (cold) rmSync(path.join(stack.coldCache, 'pyat', 'boot-times'), { recursive: true, force: true });
  const r = await run(process.execPath, [pyatBin, '-f', stack.file, '-p', project, 'up', '--gate', gate, '--json'], {
    cwd: stack.dir,
    env,
  });
  if (r.code !== 0) throw new Error(`pyat up --gate ${gate} failed (exit ${r.code}):\n${r.stderr}\n${r.stdout.slice(-3000)}`);
  const events = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{"t"'))
    .map((l) => JSON.parse(l));
  const at = (service, phase) => Date.parse(events.find((e) => e.service === service && e.phase === phase)?.at);
  const state = Object.fromEntries((await projectState(project)).map((c) => [c.service, c]));
  const listening = Object.fromEntries(
    await Promise.all(stack.services.filter((s) => !INFRA.has(s)).map(async (s) => [s, await listeningAt(state[s].id)])),
  );
  const cost = Object.fromEntries(
    stack.services.map((s) => {
      const begin = state[s].startedAt;
      const ready = INFRA.has(s) ? at(s, 'healthy') : listening[s];
      return [s, begin - at(s, 'starting') + (ready - begin)];
    }),
  );
  const healthyRuns = [];
  for (let i = 0; i < again; i += 1) {
    const h = await run(process.execPath, [pyatBin, '-f', stack.file, '-p', project, 'up', '--json'], { cwd: stack.dir, env });
    if (h.code !== 0) throw new Error(`pyat up on the healthy stack failed (exit ${h.code}):\n${h.stderr}`);
    healthyRuns.push(h.ms);
  }
  await removeProject(project);
  return {
    ms: r.ms,
    criticalPath: longestChain(stack.deps, cost),
    share: at('automation', 'starting') - listening.platform,
    healthyUp: healthyRuns,
  };
}

/**
 * The tuned file with a longer `start_period` (3m): on a loaded machine Postgres' first start can
 * outlast pyat's 1m, and Compose then gives up on it. Checks still run every second, so on a
 * healthy machine nothing changes.
 */
export function patient(file) {
  const model = parse(readFileSync(file, 'utf8'));
  for (const svc of Object.values(model.services)) if (svc.healthcheck) svc.healthcheck.start_period = '3m';
  writeFileSync(file, stringify(model));
  return file;
}

/** One `compose up -d` of the tuned file from nothing, until every container is healthy. */
export async function composeUneven(compose, file, project) {
  await removeProject(project);
  const up = start(compose.argv[0], composeArgs(compose, project, file, ['up', '-d']));
  let exited;
  void up.done.then((x) => (exited = x));
  for (;;) {
    await sleep(POLL_MS);
    const state = await projectState(project);
    const now = performance.now();
    if (exited && state.length > 0 && state.every((c) => c.health === 'healthy')) {
      await removeProject(project);
      return { ms: now - up.t0 };
    }
    if (exited && exited.code !== 0) throw new Error(`compose up failed (exit ${exited.code}):\n${exited.stderr.slice(-3000)}`);
    if (now - up.t0 > DEADLINE_MS) {
      up.child.kill('SIGTERM');
      throw new Error(`compose up: not all healthy after ${DEADLINE_MS / 1000} s`);
    }
  }
}

/** The medians of the uneven scenario's rounds. */
export function unevenSummary(rounds) {
  const m = (xs) => Math.round(median(xs));
  const deps = rounds.map((r) => r.deps);
  return {
    depsMs: m(deps.map((r) => r.ms)),
    depsColdMs: m(rounds.map((r) => r.cold.ms)),
    depsColdOverCompose: +(median(rounds.map((r) => r.cold.ms / r.compose.ms)) ?? 0).toFixed(3),
    tiersMs: m(rounds.map((r) => r.tiers.ms)),
    composeMs: m(rounds.map((r) => r.compose.ms)),
    criticalPathMs: m(deps.map((r) => r.criticalPath)),
    depsOverCriticalPath: +(median(deps.map((r) => r.ms / r.criticalPath)) ?? 0).toFixed(3),
    depsOverCompose: +(median(rounds.map((r) => r.deps.ms / r.compose.ms)) ?? 0).toFixed(3),
    shareMs: m(deps.map((r) => r.share)),
    healthyUpMs: m(deps.flatMap((r) => r.healthyUp)),
    runs: rounds,
  };
}
