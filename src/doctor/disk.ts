// Check: free disk where the engine keeps images, containers and volumes. Under 5 GB a build or
// a database fills it soon (warn); under 1 GB containers fail in odd ways (fail).

import { statfs } from 'node:fs/promises';
import { notPass, pass, type DoctorCheck } from './types.js';

const GB = 1024 ** 3;
const WARN_BELOW = 5 * GB;
const FAIL_BELOW = 1 * GB;
// Where Linux engines keep their data by default: the fallback when the engine's own dir is not readable here.
const DEFAULT_ROOT = '/var/lib/docker';

/** Free bytes (for an unprivileged user) on the filesystem holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/** How much is free and where it was measured, or why it could not be. */
export type DiskFacts = { dir: string; free: number; fallback?: string } | { unreadable: string[] };

/** Measures the engine's data dir, else the default one. */
export async function measureDisk(rootDir: string, free: (dir: string) => Promise<number> = freeBytes): Promise<DiskFacts> {
  const tried: string[] = [];
  for (const dir of [...new Set([rootDir, DEFAULT_ROOT])]) {
    try {
      return { dir, free: await free(dir), ...(dir !== rootDir ? { fallback: rootDir } : {}) };
    } catch {
      tried.push(dir);
    }
  }
  return { unreadable: tried };
}

/** The disk line. */
export function diskVerdict(facts: DiskFacts): DoctorCheck {
  if ('unreadable' in facts) {
    return notPass(
      'warn',
      'disk',
      `cannot measure free space: ${facts.unreadable.join(' and ')} not readable from here (a remote engine or a VM?)`,
      'check free space where the engine runs (docker system df)',
    );
  }
  const where = facts.fallback ? `${facts.dir} (the engine's ${facts.fallback} is not readable from here)` : facts.dir;
  const detail = `${(facts.free / GB).toFixed(1)} GB free in ${where}`;
  const fix = 'free space: remove unused images and build cache (docker image prune, docker builder prune)';
  if (facts.free < FAIL_BELOW) return notPass('fail', 'disk', `${detail}; under 1 GB`, fix);
  if (facts.free < WARN_BELOW) return notPass('warn', 'disk', `${detail}; under 5 GB`, fix);
  return pass('disk', detail);
}
