// Timing helpers: the wall time of a child process (argument arrays, never a shell), medians,
// and the peak resident memory of a Node process.

import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Median of numbers. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? undefined : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Worst (largest) of numbers. */
export const worst = (xs) => (xs.length === 0 ? undefined : Math.max(...xs));

/** Median, worst and every run (whole ms) of a list of ms. */
export const summary = (xs) => ({ median: round(median(xs)), worst: round(worst(xs)), runs: xs.map(round) });

const round = (x) => (x === undefined ? undefined : Math.round(x));

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a command; `done` resolves with its exit code, output and wall ms (from spawn to exit).
 * `child` is there to be killed; `t0` is the performance.now() of the spawn.
 */
export function start(cmd, args, opts = {}) {
  const t0 = performance.now();
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise((resolve) => {
    child.on('error', (err) => resolve({ code: -1, stdout, stderr: `${stderr}${err.message}`, ms: performance.now() - t0 }));
    child.on('close', (code, signal) => resolve({ code: code ?? signal, stdout, stderr, ms: performance.now() - t0 }));
  });
  return { child, t0, done };
}

/** Runs a command to its end: exit code, output, wall ms. */
export function run(cmd, args, opts = {}) {
  return start(cmd, args, opts).done;
}

/** Runs a command and throws with its output when it fails. */
export async function must(cmd, args, opts = {}) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}`.slice(0, 4000));
  return r;
}

const preload = path.join(import.meta.dirname, 'maxrss.mjs');

/**
 * Runs `node ARGS` with a preload that writes the process's peak resident set at exit
 * (getrusage's ru_maxrss: pure Node, works wherever `npm ci` does). Adds `peakMb`.
 */
export async function runNodeWithPeakRss(args, opts = {}) {
  const file = path.join(os.tmpdir(), `pyatbench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const r = await run(process.execPath, ['--import', preload, ...args], {
    ...opts,
    env: { ...(opts.env ?? process.env), PYAT_BENCH_RSS_FILE: file },
  });
  let peakMb;
  try {
    peakMb = Number(readFileSync(file, 'utf8')) / 1024;
    rmSync(file);
  } catch {
    peakMb = undefined;
  }
  return { ...r, peakMb };
}
