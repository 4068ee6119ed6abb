// Timing helpers: wall time of a child process, medians, and the peak memory of a pyat run.

import { execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Median of numbers. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Worst (largest) of numbers. */
export const worst = (xs) => Math.max(...xs);

/** Runs a command (argument array, no shell) and resolves with its exit code, output and wall ms. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** Runs a command and throws with its output when it fails. */
export async function must(cmd, args, opts = {}) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r;
}

/** `docker` with arguments, its stdout. */
export function docker(args) {
  return new Promise((resolve, reject) =>
    execFile('docker', args, { maxBuffer: 16 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
}

/** Runs node with the peak-RSS preload; returns the run and its peak resident memory in MB. */
export async function runWithPeakRss(nodeArgs, opts = {}) {
  const file = path.join(os.tmpdir(), `pyat-bench-rss-${process.pid}-${Date.now()}`);
  const preload = new URL('./maxrss.mjs', import.meta.url).pathname;
  const r = await run(process.execPath, ['--import', preload, ...nodeArgs], { ...opts, env: { ...(opts.env ?? process.env), PYAT_BENCH_RSS_FILE: file } });
  let peakMb;
  try {
    peakMb = Number(readFileSync(file, 'utf8')) / 1024;
    rmSync(file);
  } catch {
    peakMb = undefined;
  }
  return { ...r, peakMb };
}
