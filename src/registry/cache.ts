// Validated registries, remembered: a command on a registry that has not changed skips parsing and
// validating it, and loading js-yaml, zod and the validators for that (~50 ms of every `up` and
// `status`). The same idea as Compose's and Make's: an entry stands only while every input it was
// made from is unchanged.
// - An entry's name is a hash of pyat's build and each `-f` file's path, name and text.
// - It records what else the load read: the presence of each variable it looked up (unset, empty
//   or set, never a value: variables hold secrets) and a hash of each `env_file`. A lookup
//   compares both with what is there now.
// - Only loads without an error are stored; their warnings are stored with them and shown again.
// - Entries live under $XDG_CACHE_HOME/pyat (else ~/.cache/pyat), readable by their user only;
//   PYAT_NO_CACHE=1 turns the cache off. pyat run from source (no build id) never caches.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Problem } from '../errors.js';
import type { Registry, ServiceDef } from './model.js';
import { pyatCacheDir, writeCacheEntry } from '../util/cache-dir.js';

/** One registry file as the loader read it. */
export interface CachedSource {
  path: string;
  name: string;
  text: string;
}

/** A variable as a validator saw it: only whether it is there. */
type Presence = 'unset' | 'empty' | 'set';

/** What an entry holds. */
interface Entry {
  format: number;
  variables: Record<string, Presence>;
  /** Absolute path → sha256 of its content, or null when it could not be read. */
  files: Record<string, string | null>;
  registry: Omit<Registry, 'services'> & { services: [string, ServiceDef][] };
  warnings: Problem[];
}

const FORMAT = 1;
/** Entries kept: one per registry (and variant) a user works with is plenty. */
const MAX_ENTRIES = 64;

/** A loaded registry and its warnings, from the cache. */
export interface CacheHit {
  registry: Registry;
  warnings: Problem[];
}

/** The variables as the loader passes them to the validators, and which ones were looked up. */
export interface WatchedVariables {
  vars: Record<string, string>;
  /** Each variable looked up and its presence; undefined when the loader enumerated them all (nothing to cache). */
  consulted(): Record<string, Presence> | undefined;
}

/** Where validated registries are kept for one build of pyat. */
export class RegistryCache {
  constructor(
    private readonly dir: string,
    private readonly build: string,
  ) {}

  /** The entry for these files, if every input it was made from is unchanged. */
  async lookup(sources: readonly CachedSource[], checkEnv: boolean, vars: Readonly<Record<string, string>>): Promise<CacheHit | undefined> {
    let entry: Entry;
    try {
      entry = JSON.parse(await readFile(this.entryPath(sources, checkEnv), 'utf8')) as Entry;
    } catch {
      return undefined;
    }
    if (entry.format !== FORMAT) return undefined;
    for (const [name, was] of Object.entries(entry.variables)) if (presence(vars, name) !== was) return undefined;
    const hashes = await Promise.all(Object.keys(entry.files).map(fileHash));
    if (Object.values(entry.files).some((was, i) => hashes[i] !== was)) return undefined;
    return { registry: { ...entry.registry, services: new Map(entry.registry.services) }, warnings: entry.warnings };
  }

  /**
   * Stores a load that found no error. `variables` are those it looked up; the files it read
   * besides the registry are the services' env files. A registry that would not come back
   * exactly as it is from JSON is not stored.
   */
  async store(
    sources: readonly CachedSource[],
    checkEnv: boolean,
    loaded: { registry: Registry; warnings: Problem[]; variables: Record<string, Presence> },
  ): Promise<void> {
    const { registry, warnings, variables } = loaded;
    const envFiles = [...registry.services.values()].flatMap((s) => s.envFile.map((f) => path.resolve(registry.baseDir, f)));
    const files = Object.fromEntries(await Promise.all(envFiles.map(async (f) => [f, await fileHash(f)] as const)));
    const entry: Entry = { format: FORMAT, variables, files, registry: { ...registry, services: [...registry.services] }, warnings };
    const text = JSON.stringify(entry);
    const back = JSON.parse(text) as Entry;
    if (!isDeepStrictEqual(back.registry.services, entry.registry.services) || !isDeepStrictEqual(back.warnings, warnings)) return;
    await writeCacheEntry(this.entryPath(sources, checkEnv), text, MAX_ENTRIES);
  }

  private entryPath(sources: readonly CachedSource[], checkEnv: boolean): string {
    const key = JSON.stringify([FORMAT, this.build, checkEnv, sources.map((s) => [s.path, s.name, s.text])]);
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  }
}

/** The cache for this build and environment, or undefined when it is off (PYAT_NO_CACHE, no build id, no home). */
export function registryCacheFor(env: NodeJS.ProcessEnv, build: string | undefined = builtId()): RegistryCache | undefined {
  if (build === undefined) return undefined;
  const base = pyatCacheDir(env);
  return base === undefined ? undefined : new RegistryCache(path.join(base, 'registries'), build);
}

/** Hands the loader `vars` so that every variable it looks up is noted with its presence. */
export function watchVariables(vars: Record<string, string>): WatchedVariables {
  const seen = new Map<string, Presence>();
  let enumerated = false;
  const note = (name: string | symbol): void => {
    if (typeof name === 'string') seen.set(name, presence(vars, name));
  };
  const proxy = new Proxy(vars, {
    get(target, name, receiver) {
      note(name);
      return Reflect.get(target, name, receiver) as unknown;
    },
    has(target, name) {
      note(name);
      return Reflect.has(target, name);
    },
    getOwnPropertyDescriptor(target, name) {
      note(name);
      return Reflect.getOwnPropertyDescriptor(target, name);
    },
    ownKeys(target) {
      enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
  return { vars: proxy, consulted: () => (enumerated ? undefined : Object.fromEntries(seen)) };
}

function presence(vars: Readonly<Record<string, string>>, name: string): Presence {
  const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
  return value === undefined ? 'unset' : value === '' ? 'empty' : 'set';
}

async function fileHash(file: string): Promise<string | null> {
  try {
    return createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  } catch {
    return null;
  }
}

// Set by scripts/bundle-cli.mjs (esbuild `define`): a hash of everything that went into the build.
declare const __PYAT_BUILD_ID__: string | undefined;

function builtId(): string | undefined {
  return typeof __PYAT_BUILD_ID__ === 'string' ? __PYAT_BUILD_ID__ : undefined;
}
