// The reliability figures of the README ("N broken registries refused, …"), recorded by the tests
// that produce them into test/.tmp/reliability-counts.json (git-ignored). Test files run in
// parallel workers, so each update takes a lock and merges into what the others wrote.

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the figures are written. */
export const COUNTS_FILE = resolve(import.meta.dirname, '../../.tmp/reliability-counts.json');

/** Merges `counts` into the figures file. */
export function recordCounts(counts: Record<string, number>): void {
  const dir = resolve(COUNTS_FILE, '..');
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'reliability-counts.lock');
  withDirLock(lock, () => {
    const current = readJson(COUNTS_FILE);
    const tmp = `${COUNTS_FILE}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ ...current, ...counts }, null, 2)}\n`);
    renameSync(tmp, COUNTS_FILE);
  });
}

function readJson(path: string): Record<string, number> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

// mkdir is atomic: whoever creates the directory holds the lock. A lock older than a few seconds
// was left by a killed run and is taken over.
function withDirLock(lock: string, fn: () => void): void {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
