// `npm run bench`: pyat against Compose, side by side, in one run on this machine, on the demo
// stack with the local images (scripts/docker-env.sh). Prints a Markdown table and writes
// bench/results.json. Runs alternate between pyat and Compose (and swap order every round) so
// that the drift of a shared machine hits both alike; every run starts from nothing (stack down,
// images present) and removes its own project — and only it — afterwards, also on Ctrl-C.
//
// BENCH_SCENARIOS (default: all) runs only the named ones, comma-separated (startup, uneven: the
// others share their stacks); such a run prints its figures as JSON and leaves bench/results.json as it is.
// BENCH_RUNS (default 5) start runs, BENCH_DEFAULT_RUNS (3) runs with Compose's default
// healthcheck timing (each ~65 s: two 30 s intervals before checkout starts), BENCH_QUICK_RUNS (10) runs
// of status and of the start-up commands.

import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectCompose, preferComposeV2 } from './lib/compose.mjs';
import { engineVersion, imageExists, removeProject } from './lib/engine.mjs';
import { median, must, summary } from './lib/measure.mjs';
import { renderMachine, renderTable } from './lib/report.mjs';
import { composeFileFor, freePorts, makeStack, makeUnevenStack, pyatBin, removeTempDirs, repo, tempDir } from './lib/stack.mjs';
import { engineStartRuns } from './scenarios/engine-start.mjs';
import { composeRun, pyatRun } from './scenarios/start.mjs';
import { statusRuns } from './scenarios/status.mjs';
import { importRuns } from './scenarios/import.mjs';
import { startupRuns } from './scenarios/startup.mjs';
import { composeUneven, patient, pyatUneven, unevenSummary } from './scenarios/uneven.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DEFAULT_RUNS = Number(process.env.BENCH_DEFAULT_RUNS ?? 3);
const QUICK_RUNS = Number(process.env.BENCH_QUICK_RUNS ?? 10);
// catalog and orders listen this long (and up to 1 s more, see roundStack) after their process starts: a known moment to gate on.
const DELAY_MS = 2000;
// The uneven scenario: platform's boot (issue 13: 5 s of migrations), and how many `up` runs on the healthy stack per round.
const SLOW_MS = 5000;
const HEALTHY_UP_RUNS = 3;
const SCENARIOS = ['startup', 'uneven'];
const only = process.env.BENCH_SCENARIOS?.split(',')
  .map((x) => x.trim())
  .filter(Boolean);
for (const name of only ?? [])
  if (!SCENARIOS.includes(name)) throw new Error(`BENCH_SCENARIOS: ${name} does not run alone (these do: ${SCENARIOS.join(', ')})`);
const want = (name) => !only || only.includes(name);

const log = (line) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const sec = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)}s`);

// Every project this run creates: removed at the end, on failure and on Ctrl-C (with the temp dirs).
const prefix = `pyatbench-${process.pid}`;
const projects = {
  pyat: `${prefix}-p`,
  tuned: `${prefix}-c`,
  dflt: `${prefix}-d`,
  status: `${prefix}-s`,
  engine: `${prefix}-e`,
  unevenDeps: `${prefix}-ud`,
  unevenTiers: `${prefix}-ut`,
  unevenCompose: `${prefix}-uc`,
};

const undoComposeV2 = preferComposeV2();

async function cleanup() {
  await Promise.all(Object.values(projects).map((p) => removeProject(p).catch(() => undefined)));
  removeTempDirs();
  undoComposeV2();
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: removing the bench projects`);
    cleanup().finally(() => process.exit(130));
  });
}

async function machineAndVersions() {
  const load = () => os.loadavg().map((l) => +l.toFixed(2));
  const commit = (() => {
    try {
      const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
      const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repo, encoding: 'utf8' }).trim() !== '';
      return `${head}${dirty ? '+changes' : ''}`;
    } catch {
      return 'unknown';
    }
  })();
  const compose = await detectCompose();
  return {
    compose,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model.trim(),
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      loadBefore: load(),
    },
    versions: {
      node: process.version,
      engine: await engineVersion(),
      compose: { kind: compose.kind, version: compose.version },
      pyat: (await must(process.execPath, [pyatBin, '--version'])).stdout.trim(),
      commit,
    },
    load,
  };
}

/**
 * The stack of round `i`: catalog and orders listen DELAY_MS plus i/n of a second after they start.
 * A fixed delay would put "ready" at one phase of Compose's 1 s healthcheck cycle in every run (set
 * by how long the service takes to boot), and the result would be that phase, not Compose's wait.
 */
async function roundStack(ports, i, n) {
  const delay = DELAY_MS + Math.round((i * 1000) / n);
  const stack = makeStack(`${prefix}-r${i}`, ports, { delays: { catalog: delay, orders: delay } });
  return { stack, delay, files: { tuned: await composeFileFor(stack, 'tuned'), default: await composeFileFor(stack, 'default') } };
}

/** Gate latency, stack start and memory: RUNS rounds of pyat and tuned Compose, order swapped each round; DEFAULT_RUNS with default timing. */
async function startRounds(compose, ports) {
  const n = Math.max(RUNS, DEFAULT_RUNS);
  const out = { pyat: [], tuned: [], dflt: [], delays: [] };
  // One unmeasured run of each first: page cache, Compose's Python files, pyat's remembered Compose version.
  const warm = await roundStack(ports, 0, n);
  await pyatRun(warm.stack, projects.pyat);
  await composeRun(compose, warm.files.tuned, projects.tuned);
  for (let i = 0; i < n; i += 1) {
    const { stack, delay, files } = await roundStack(ports, i, n);
    out.delays.push(delay);
    const pair = [
      async () => i < RUNS && out.pyat.push(await pyatRun(stack, projects.pyat)),
      async () => i < RUNS && out.tuned.push(await composeRun(compose, files.tuned, projects.tuned)),
    ];
    for (const step of i % 2 === 0 ? pair : pair.reverse()) await step();
    if (i < DEFAULT_RUNS) out.dflt.push(await composeRun(compose, files.default, projects.dflt, { untilStarted: true }));
    const last = (xs, k) => (xs.length > 0 ? sec(xs.at(-1)[k]) : '-');
    log(
      `start round ${i + 1} (delay ${delay} ms): pyat up ${last(out.pyat, 'ms')} (gate ${last(out.pyat, 'gate')}), compose ${last(out.tuned, 'ms')} (gate ${last(out.tuned, 'gate')})${i < DEFAULT_RUNS ? `, compose default timing: gate ${last(out.dflt, 'gate')}` : ''}`,
    );
  }
  return out;
}

/** The uneven scenario: RUNS rounds of pyat --gate deps (with learned boot times, and cold), pyat --gate tiers and tuned Compose, the order rotated each round. */
async function unevenRounds(compose) {
  const ports = await freePorts(8);
  const stack = makeUnevenStack(`${prefix}-uneven`, ports, SLOW_MS);
  const file = patient(await composeFileFor(stack, 'tuned'));
  const rounds = [];
  // One unmeasured run of each first, as in startRounds.
  await pyatUneven(stack, projects.unevenDeps, 'deps');
  await composeUneven(compose, file, projects.unevenCompose);
  for (let i = 0; i < RUNS; i += 1) {
    const round = {};
    const steps = [
      async () => (round.deps = await pyatUneven(stack, projects.unevenDeps, 'deps', { again: HEALTHY_UP_RUNS })),
      async () => (round.cold = await pyatUneven(stack, projects.unevenDeps, 'deps', { cold: true })),
      async () => (round.tiers = await pyatUneven(stack, projects.unevenTiers, 'tiers')),
      async () => (round.compose = await composeUneven(compose, file, projects.unevenCompose)),
    ];
    for (const step of [...steps.slice(i % steps.length), ...steps.slice(0, i % steps.length)]) await step();
    rounds.push(round);
    log(
      `uneven round ${i + 1}: pyat deps ${sec(round.deps.ms)} (critical path ${sec(round.deps.criticalPath)}, cold ${sec(round.cold.ms)}, gate share ${sec(round.deps.share)}, up when healthy ${round.deps.healthyUp.map(sec).join(' ')}), tiers ${sec(round.tiers.ms)}, compose ${sec(round.compose.ms)}`,
    );
  }
  return unevenSummary(rounds);
}

const parts = (runs) =>
  Object.fromEntries(Object.keys(runs[0]?.parts ?? {}).map((k) => [k, Math.round(median(runs.map((r) => r.parts[k])))]));

async function main() {
  const t0 = performance.now();
  // pyat's caches (registries, boot times) of this run stay with it and go with its temp dirs.
  process.env.XDG_CACHE_HOME = tempDir('pyatbench-cache-');
  if (!existsSync(pyatBin)) throw new Error(`${path.relative(repo, pyatBin)} is missing: run npm run build`);
  const { compose, machine, versions, load } = await machineAndVersions();
  log(
    `bench ${prefix}: ${machine.cpus} cpus, load ${machine.loadBefore.join(' ')}, engine ${versions.engine}, Compose ${compose.kind} ${compose.version}, Node ${versions.node}`,
  );

  if (only) {
    const out = {};
    if (want('uneven')) out.uneven = await unevenRounds(compose);
    if (want('startup')) out.startup = await startupRuns(QUICK_RUNS);
    process.stdout.write(`${JSON.stringify({ ...out, uneven: out.uneven && { ...out.uneven, runs: undefined } }, null, 2)}\n`);
    return;
  }
  const startup = await startupRuns(QUICK_RUNS);
  log(
    `start-up: --version ${sec(median(startup.version))}, validate ${sec(median(startup.validate))}, plan ${sec(median(startup.plan))} (node -e 0 ${sec(median(startup.node))})`,
  );

  const imported = await importRuns(QUICK_RUNS);
  log(
    `import: ${imported.services} services ${sec(imported.median)} (CPU ${sec(imported.cpu.median)}; --dry-run ${sec(imported.dryRun.median)})`,
  );

  const ports = await freePorts(6);
  const { stack, files } = await roundStack(ports, 0, 1);
  const missing = (await Promise.all(stack.images.map(async (i) => ((await imageExists(i)) ? [] : [i])))).flat();
  if (missing.length > 0) throw new Error(`missing images ${missing.join(', ')}: run scripts/docker-env.sh (nothing is pulled)`);

  const engine = await engineStartRuns(compose, files.tuned, projects.engine, RUNS);
  log(`engine start → StartedAt: API ${sec(median(engine.api))}, docker start ${sec(median(engine.cli))}`);

  const rounds = await startRounds(compose, ports);
  const status = await statusRuns(compose, stack, files.tuned, projects.status, QUICK_RUNS);
  const uneven = await unevenRounds(compose);
  log(`status: pyat ${sec(median(status.pyat))}, compose ps ${sec(median(status.composePs))}`);

  const results = {
    date: new Date().toISOString(),
    machine: { ...machine, loadAfter: load() },
    versions,
    runs: { start: RUNS, defaultTiming: DEFAULT_RUNS, quick: QUICK_RUNS },
    setup: `demo stack (postgres, redis, catalog, orders, checkout, gateway; 4 tiers) on local images; catalog and orders listen ${rounds.delays.join(' / ')} ms after they start (one delay per round, the same for pyat and Compose)`,
    gateLatency: {
      pyat: summary(rounds.pyat.map((r) => r.gate)),
      composeTuned: summary(rounds.tuned.map((r) => r.gate)),
      composeDefault: summary(rounds.dflt.map((r) => r.gate)),
      pyatShare: summary(rounds.pyat.map((r) => r.parts.probe + r.parts.decide)),
      pyatParts: parts(rounds.pyat),
      composeTunedParts: parts(rounds.tuned),
      composeDefaultParts: parts(rounds.dflt),
    },
    stackStart: { pyat: summary(rounds.pyat.map((r) => r.ms)), compose: summary(rounds.tuned.map((r) => r.ms)) },
    engineStart: { api: summary(engine.api), apiCallReturns: summary(engine.apiReturn), cli: summary(engine.cli) },
    status: { pyat: summary(status.pyat), composePs: summary(status.composePs) },
    startup: {
      ...startup.registry,
      overNode: Object.fromEntries(
        ['version', 'validate', 'plan'].map((k) => [k, Math.round(median(startup[k].map((t, i) => t - startup.node[i])))]),
      ),
      node: summary(startup.node),
      version: summary(startup.version),
      validate: summary(startup.validate),
      plan: summary(startup.plan),
    },
    import: imported,
    uneven,
    memory: { peakMb: { median: median(rounds.pyat.map((r) => r.peakMb)), worst: Math.max(...rounds.pyat.map((r) => r.peakMb)) } },
    benchSeconds: (performance.now() - t0) / 1000,
  };
  results.stackStart.ratio = +(results.stackStart.pyat.median / results.stackStart.compose.median).toFixed(3);
  writeFileSync(path.join(repo, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderTable(results)}\n${renderMachine(results)}\n`);
}

try {
  await main();
} catch (err) {
  if (!interrupted) process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
