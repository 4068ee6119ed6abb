// `npm run bench`: pyat against Compose, side by side, in one run on this machine, on the demo
// stack with the local images. Runs alternate between pyat and Compose so that drift of the
// shared machine hits both alike. Writes bench/results.json and prints a table.
// Scenarios: gate latency, stack start, status, start-up and scale, peak memory.

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bigRegistry, cleanup, composeFileFor, listeningAt, makeStack, projectState, pyatBin, repo, teardown } from './lib/stack.mjs';
import { docker, median, must, run, runWithPeakRss, worst } from './lib/measure.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DEFAULT_RUNS = Number(process.env.BENCH_DEFAULT_RUNS ?? 3);
const QUICK_RUNS = Number(process.env.BENCH_QUICK_RUNS ?? 10);
const DELAY = 2000; // catalog and orders start listening this long after their container starts
const log = (s) => process.stderr.write(`${new Date().toISOString()} ${s}\n`);
const sec = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(3)}s`);

/** pyat up on a fresh project; returns wall ms and peak memory. */
async function pyatUp(stack, project) {
  await teardown(project);
  const r = await runWithPeakRss([pyatBin, ...stack.files, '-p', project, 'up', '--json'], { cwd: repo });
  if (r.code !== 0) throw new Error(`pyat up failed (${r.code}):\n${r.stderr}\n${r.stdout.slice(-2000)}`);
  return { ms: r.ms, peakMb: r.peakMb, events: r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) };
}

/** docker-compose up -d, then waits until the engine reports every container healthy (or running when it has no healthcheck). */
async function composeUp(stack, project) {
  await teardown(project);
  const t0 = performance.now();
  await must('docker-compose', ['-p', project, '-f', stack.composeFile, 'up', '-d'], { cwd: repo });
  for (;;) {
    const state = await projectState(project);
    if (state.length > 0 && state.every((c) => c.health === 'healthy' || (c.health === undefined && c.running))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ms: performance.now() - t0 };
}

/**
 * The gate latency of the last run of a project: checkout's StartedAt minus the later of catalog's
 * and orders' `listening on`. With pyat's events, also when pyat asked the engine to start it.
 */
async function gateOf(project, events) {
  const state = await projectState(project);
  const by = Object.fromEntries(state.map((c) => [c.service, c]));
  const ready = Math.max(await listeningAt(by.catalog.id), await listeningAt(by.orders.id));
  const asked = events?.find((e) => e.service === 'checkout' && e.phase === 'starting');
  const decision = asked ? Date.parse(asked.at) - ready : undefined;
  return { gate: by.checkout.startedAt - ready, decision, engineStart: asked ? by.checkout.startedAt - Date.parse(asked.at) : undefined };
}

async function gateLatency() {
  const out = { pyat: [], pyatDecision: [], engineStart: [], composeTuned: [], composeDefault: [] };
  const tuned = makeStack('pyatbench-gate', { delays: { catalog: DELAY, orders: DELAY } });
  const dflt = makeStack('pyatbench-gate-default', { delays: { catalog: DELAY, orders: DELAY }, healthcheck: 'default' });
  await composeFileFor(tuned);
  await composeFileFor(dflt);
  for (let i = 0; i < RUNS; i += 1) {
    const p = await pyatUp(tuned, 'pyatbench-gate-p');
    const g = await gateOf('pyatbench-gate-p', p.events);
    out.pyat.push(g.gate);
    out.pyatDecision.push(g.decision);
    out.engineStart.push(g.engineStart);
    await teardown('pyatbench-gate-p');
    await composeUp(tuned, 'pyatbench-gate-c');
    out.composeTuned.push((await gateOf('pyatbench-gate-c')).gate);
    await teardown('pyatbench-gate-c');
    if (i < DEFAULT_RUNS) {
      await composeUp(dflt, 'pyatbench-gate-d');
      out.composeDefault.push((await gateOf('pyatbench-gate-d')).gate);
      await teardown('pyatbench-gate-d');
    }
    log(`gate run ${i + 1}: pyat ${sec(out.pyat.at(-1))} (decision ${sec(out.pyatDecision.at(-1))}, engine start ${sec(out.engineStart.at(-1))}), compose tuned ${sec(out.composeTuned.at(-1))}${i < DEFAULT_RUNS ? `, compose default ${sec(out.composeDefault.at(-1))}` : ''}`);
  }
  cleanup(tuned);
  cleanup(dflt);
  return out;
}

async function stackStart() {
  const out = { pyat: [], compose: [], peakMb: [] };
  const stack = makeStack('pyatbench-start');
  await composeFileFor(stack);
  for (let i = 0; i < RUNS; i += 1) {
    const p = await pyatUp(stack, 'pyatbench-start-p');
    out.pyat.push(p.ms);
    if (p.peakMb !== undefined) out.peakMb.push(p.peakMb);
    await teardown('pyatbench-start-p');
    out.compose.push((await composeUp(stack, 'pyatbench-start-c')).ms);
    await teardown('pyatbench-start-c');
    log(`start run ${i + 1}: pyat ${sec(out.pyat.at(-1))}, compose ${sec(out.compose.at(-1))}`);
  }
  return { ...out, stack };
}

async function status(stack) {
  const out = { pyat: [], composePs: [] };
  await pyatUp(stack, 'pyatbench-status');
  for (let i = 0; i < QUICK_RUNS; i += 1) {
    const p = await run(process.execPath, [pyatBin, ...stack.files, '-p', 'pyatbench-status', 'status', '--json'], { cwd: repo });
    if (p.code !== 0) throw new Error(`pyat status exited ${p.code}: ${p.stderr}${p.stdout}`);
    out.pyat.push(p.ms);
    out.composePs.push((await must('docker-compose', ['-p', 'pyatbench-status', '-f', stack.composeFile, 'ps'], { cwd: repo })).ms);
  }
  await teardown('pyatbench-status');
  cleanup(stack);
  return out;
}

async function startupAndScale() {
  const out = { version: [], validate300: [], plan300: [] };
  const big = bigRegistry(300);
  for (let i = 0; i < QUICK_RUNS; i += 1) {
    out.version.push((await must(process.execPath, [pyatBin, '--version'])).ms);
    out.validate300.push((await must(process.execPath, [pyatBin, '-f', big.file, 'validate'])).ms);
    out.plan300.push((await must(process.execPath, [pyatBin, '-f', big.file, 'plan'])).ms);
  }
  return out;
}

const summary = (xs) => ({ median: median(xs), worst: worst(xs), runs: xs.map(Math.round) });

async function main() {
  const started = Date.now();
  const versions = {
    node: process.version,
    engine: (await docker(['version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}})'])).trim(),
    compose: (await must('docker-compose', ['version', '--short'])).stdout.trim(),
    pyat: (await must(process.execPath, [pyatBin, '--version'])).stdout.trim(),
  };
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), loadBefore: os.loadavg().map((l) => +l.toFixed(2)) };
  log(`bench: ${JSON.stringify({ versions, machine })}`);
  const scale = await startupAndScale();
  log('start-up and scale done');
  const gate = await gateLatency();
  const start = await stackStart();
  const st = await status(start.stack);
  const results = {
    date: new Date().toISOString(),
    machine: { ...machine, loadAfter: os.loadavg().map((l) => +l.toFixed(2)) },
    versions,
    gateLatencyMs: { pyat: summary(gate.pyat), pyatDecision: summary(gate.pyatDecision), engineStart: summary(gate.engineStart), composeTuned1s: summary(gate.composeTuned), composeDefault30s: summary(gate.composeDefault) },
    stackStartMs: { pyat: summary(start.pyat), composeTuned1s: summary(start.compose), ratio: median(start.pyat) / median(start.compose) },
    statusMs: { pyat: summary(st.pyat), composePs: summary(st.composePs) },
    startupMs: { version: summary(scale.version), validate300: summary(scale.validate300), plan300: summary(scale.plan300) },
    peakMemoryMb: { pyatUp: start.peakMb.length ? Math.max(...start.peakMb) : undefined },
    benchSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(path.join(repo, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const r = results;
  const rows = [
    ['gate latency (ready → dependent started)', sec(r.gateLatencyMs.pyat.median), sec(r.gateLatencyMs.pyat.worst), `tuned 1s: ${sec(r.gateLatencyMs.composeTuned1s.median)} (worst ${sec(r.gateLatencyMs.composeTuned1s.worst)}); default 30s: ${sec(r.gateLatencyMs.composeDefault30s.median)}`, '≤ 0.25s'],
    ['  of which: ready → pyat asks the engine to start', sec(r.gateLatencyMs.pyatDecision.median), sec(r.gateLatencyMs.pyatDecision.worst), '', ''],
    ['  of which: the engine\'s own start (ask → StartedAt)', sec(r.gateLatencyMs.engineStart.median), sec(r.gateLatencyMs.engineStart.worst), '(the same cost for Compose)', ''],
    ['stack start (command → all healthy)', sec(r.stackStartMs.pyat.median), sec(r.stackStartMs.pyat.worst), `${sec(r.stackStartMs.composeTuned1s.median)} (ratio ${r.stackStartMs.ratio.toFixed(2)})`, 'ratio ≤ 0.8'],
    ['status, every probe / compose ps', sec(r.statusMs.pyat.median), sec(r.statusMs.pyat.worst), sec(r.statusMs.composePs.median), '≤ 0.5s'],
    ['pyat --version', sec(r.startupMs.version.median), sec(r.startupMs.version.worst), '', '≤ 0.15s'],
    ['validate, 300 services', sec(r.startupMs.validate300.median), sec(r.startupMs.validate300.worst), '', '≤ 0.5s'],
    ['plan, 300 services', sec(r.startupMs.plan300.median), sec(r.startupMs.plan300.worst), '', '≤ 0.5s'],
    ['peak memory of pyat up', `${r.peakMemoryMb.pyatUp?.toFixed(0)} MB`, '', '', '≤ 150 MB'],
  ];
  const table = ['| scenario | pyat median | pyat worst | Compose | goal |', '| --- | --- | --- | --- | --- |', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  process.stdout.write(`${table}\n\n${r.date} · ${machine.cpus} cores · load ${machine.loadBefore.join('/')} → ${r.machine.loadAfter.join('/')} · engine ${versions.engine} · Compose ${versions.compose} · Node ${versions.node} · ${RUNS} runs (${DEFAULT_RUNS} for default timing), ${r.benchSeconds}s\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
