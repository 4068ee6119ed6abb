// What each service took to start and get ready in this project's last runs, kept so that the next
// launch can give the engine's starts to the slowest chain first (start-urgency.ts). One small
// JSON file per project under $XDG_CACHE_HOME/pyat/boot-times (else ~/.cache/pyat), readable by
// its user only; PYAT_NO_CACHE=1 turns it off with the registry cache. Only durations are kept.
// A history that cannot be read or written costs only the order: every start then goes at once.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pyatCacheDir, writeCacheEntry } from '../util/cache-dir.js';
import type { BootTime } from './start-urgency.js';
import type { ServiceOutcome } from './types.js';

/** The last SAMPLES of each duration, in ms from the start request. */
export interface BootSamples {
  start: number[];
  ready: number[];
}

const FORMAT = 1;
const SAMPLES = 5;
/** Projects remembered: the ones a user works with, and room for many more. */
const MAX_PROJECTS = 64;

/** The learned time of each service: the median of its samples. Pure. */
export function learnedTimes(history: ReadonlyMap<string, BootSamples>): Map<string, BootTime> {
  const out = new Map<string, BootTime>();
  for (const [name, s] of history) {
    const start = median(s.start);
    const ready = median(s.ready);
    if (start !== undefined && ready !== undefined) out.set(name, { start, ready });
  }
  return out;
}

/** `history` with the samples of this run's services that were started and became healthy. Pure. */
export function withRun(history: ReadonlyMap<string, BootSamples>, outcomes: readonly ServiceOutcome[]): Map<string, BootSamples> {
  const out = new Map(history);
  for (const o of outcomes) {
    if (o.status !== 'healthy' || o.requestedAt === undefined || o.startedAt === undefined || o.readyAt === undefined) continue;
    const was = out.get(o.name) ?? { start: [], ready: [] };
    out.set(o.name, {
      start: [...was.start, o.startedAt - o.requestedAt].slice(-SAMPLES),
      ready: [...was.ready, o.readyAt - o.requestedAt].slice(-SAMPLES),
    });
  }
  return out;
}

function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** One project's history on disk. */
export class BootHistory {
  constructor(readonly file: string) {}

  /** The samples kept, or none when there is no (readable, current) file. */
  async load(): Promise<Map<string, BootSamples>> {
    try {
      const data = JSON.parse(await readFile(this.file, 'utf8')) as { format?: unknown; services?: unknown };
      if (data.format !== FORMAT || typeof data.services !== 'object' || data.services === null) return new Map();
      return new Map(Object.entries(data.services as Record<string, unknown>).filter((e): e is [string, BootSamples] => isSamples(e[1])));
    } catch {
      return new Map();
    }
  }

  /** Writes `history` in place of what was there (atomically); a failure is ignored. */
  save(history: ReadonlyMap<string, BootSamples>): Promise<void> {
    return writeCacheEntry(this.file, JSON.stringify({ format: FORMAT, services: Object.fromEntries(history) }), MAX_PROJECTS);
  }
}

/** The history of the project `name` defined in `baseDir`, or undefined when caching is off or there is no home. */
export function bootHistoryFor(env: NodeJS.ProcessEnv, project: { name: string; baseDir: string }): BootHistory | undefined {
  const base = pyatCacheDir(env);
  if (base === undefined) return undefined;
  const key = createHash('sha256').update(`${project.baseDir}\0${project.name}`).digest('hex').slice(0, 32);
  return new BootHistory(path.join(base, 'boot-times', `${key}.json`));
}

function isSamples(x: unknown): x is BootSamples {
  const ok = (v: unknown): boolean => Array.isArray(v) && v.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
  return typeof x === 'object' && x !== null && ok((x as BootSamples).start) && ok((x as BootSamples).ready);
}
