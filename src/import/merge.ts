// Compose's merge of several `-f` files, as compose-spec/compose-go `override/merge.go` does it:
// mappings merge key by key, sequences append, scalars are replaced — except for the paths in
// STRATEGIES, each with its own rule (Compose spec, "Merge and override"). Pure; plain data in and out.

import { dependsOnMap, keyValueEntries, portKey, volumeTarget } from './compose-values.js';
import type { ComposeSource, Origins } from './source.js';

type Merger = (base: unknown, over: unknown, path: string[]) => unknown;

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The later value wins (command, entrypoint, healthcheck.test: never appended). */
const replace: Merger = (_base, over) => over;

/** Entries by key, the later value winning (environment, labels, build args…), as a map. */
const byKey: Merger = (base, over) => {
  const out: Record<string, string | null> = {};
  for (const [k, v] of [...keyValueEntries(base), ...keyValueEntries(over)]) out[k] = v;
  return out;
};

/** A sequence whose items are unique by `identity`: a later equal item replaces the earlier one in place. */
const uniqueBy =
  (identity: (item: unknown) => string): Merger =>
  (base, over) => {
    const out = new Map<string, unknown>();
    for (const item of [...asList(base), ...asList(over)]) out.set(identity(item), item);
    return [...out.values()];
  };

/** depends_on: both forms become the long one, then merge by service (compose-go mergeDependsOn). */
const dependsOn: Merger = (base, over, path) => mergeValue(dependsOnMap(base), dependsOnMap(over), path, true);

/** build: the string form is `{ context }`, then the mappings merge. */
const build: Merger = (base, over, path) => mergeValue(buildMap(base), buildMap(over), path, true);

/** networks: the list form is a map of names, then the mappings merge. */
const networks: Merger = (base, over, path) => mergeValue(namesMap(base), namesMap(over), path, true);

/** logging: options merge only when both name the same driver (or one names none). */
const logging: Merger = (base, over, path) => {
  if (!isMap(base) || !isMap(over)) return over;
  if (base.driver !== undefined && over.driver !== undefined && base.driver !== over.driver) return over;
  return mergeValue(base, over, path, true);
};

const identity = (item: unknown) => (typeof item === 'string' ? item : JSON.stringify(item));
const envFilePath = (item: unknown) => (isMap(item) ? String(item.path) : String(item));

/** Per-path strategies; `*` matches one key. Everything else: the default rules in mergeValue. */
export const STRATEGIES: readonly (readonly [pattern: string, merger: Merger])[] = [
  ['services.*.command', replace],
  ['services.*.entrypoint', replace],
  ['services.*.healthcheck.test', replace],
  ['services.*.environment', byKey],
  ['services.*.labels', byKey],
  ['services.*.annotations', byKey],
  ['services.*.sysctls', byKey],
  ['services.*.build.args', byKey],
  ['services.*.build.labels', byKey],
  ['services.*.deploy.labels', byKey],
  ['services.*.build', build],
  ['services.*.depends_on', dependsOn],
  ['services.*.networks', networks],
  ['services.*.logging', logging],
  ['services.*.ports', uniqueBy(portKey)],
  ['services.*.volumes', uniqueBy(volumeTarget)],
  ['services.*.env_file', uniqueBy(envFilePath)],
  ['services.*.profiles', uniqueBy(identity)],
  ['services.*.expose', uniqueBy(identity)],
  ['services.*.dns', uniqueBy(identity)],
  ['services.*.dns_search', uniqueBy(identity)],
  ['services.*.cap_add', uniqueBy(identity)],
  ['services.*.cap_drop', uniqueBy(identity)],
  ['services.*.tmpfs', uniqueBy(identity)],
];

function strategyFor(path: string[]): Merger | undefined {
  for (const [pattern, merger] of STRATEGIES) {
    const parts = pattern.split('.');
    if (parts.length === path.length && parts.every((p, i) => p === '*' || p === path[i])) return merger;
  }
  return undefined;
}

/** Merges `over` onto `base` at `path`; `skipSpecial` when a strategy calls back for its normalised form. */
export function mergeValue(base: unknown, over: unknown, path: string[], skipSpecial = false): unknown {
  const special = skipSpecial ? undefined : strategyFor(path);
  if (special) return special(base, over, path);
  if (isMap(base) && isMap(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
      // Extension fields (x-…) are replaced whole, like compose-go does.
      out[k] = k in base && !k.startsWith('x-') ? mergeValue(base[k], v, [...path, k]) : v;
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over)) return [...(base as unknown[]), ...(over as unknown[])];
  return over;
}

/** The merged model of several files and where each key was last written. */
export interface MergedCompose {
  data: Record<string, unknown>;
  /** Where each key was last written: its value comes from there. */
  origins: Origins;
  /** Where each key was first written: where a service or a map was declared. */
  firstOrigins: Origins;
  /** The project directory: Compose resolves relative paths of every file from the first file's directory. */
  dir: string;
}

/** Merges the files in order: later files override earlier ones. */
export function mergeSources(sources: readonly ComposeSource[]): MergedCompose {
  let data: Record<string, unknown> = {};
  const origins: Origins = new Map();
  const firstOrigins: Origins = new Map();
  for (const s of sources) {
    data = mergeValue(data, s.data, []) as Record<string, unknown>;
    for (const [k, o] of s.origins) {
      origins.set(k, o);
      if (!firstOrigins.has(k)) firstOrigins.set(k, o);
    }
  }
  return { data, origins, firstOrigins, dir: sources[0]?.dir ?? '.' };
}

function asList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

function buildMap(v: unknown): unknown {
  return typeof v === 'string' ? { context: v } : v;
}

function namesMap(v: unknown): unknown {
  return Array.isArray(v) ? Object.fromEntries(v.map((n) => [String(n), null])) : v;
}
