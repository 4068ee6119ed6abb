// Compose v1 is a Python program: `docker-compose version` alone takes 0.5–1 s, as long as the
// `up --no-start` that follows it, and `pyat up` paid it on every run (v2's plugin binary: 50 ms).
// The answer is remembered (per user, in the temp dir) for as long as the executable — a path, or
// the one found on PATH — is the same file: same real path, size and modification time, so an
// upgrade or another PATH asks again.

import { mkdir, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Where the answers are kept; tests pass their own. */
export function defaultCacheFile(): string {
  return path.join(os.tmpdir(), `pyat-${process.getuid?.() ?? 'user'}`, 'compose-versions.json');
}

/** The version `ask` gives for the executable `name` on `env`'s PATH, asked only when that file changed (or never answered). */
export async function cachedVersion(
  name: string,
  env: NodeJS.ProcessEnv,
  ask: () => Promise<string | undefined>,
  file = defaultCacheFile(),
): Promise<string | undefined> {
  const key = await identity(name, env);
  if (key === undefined) return ask();
  const known = await readKnown(file);
  if (typeof known[key] === 'string') return known[key];
  const version = await ask();
  // A cache that cannot be written only costs time.
  if (version !== undefined) await store(file, { ...known, [key]: version }).catch(() => undefined);
  return version;
}

/** What the cache file holds; a missing or broken one holds nothing. */
async function readKnown(file: string): Promise<Record<string, string>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** `realpath:size:mtime` of `name` (a path), or of the first executable file `name` on PATH; undefined when there is none. */
async function identity(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const places = path.isAbsolute(name)
    ? [name]
    : (env.PATH ?? '').split(path.delimiter).flatMap((dir) => (dir ? [path.join(dir, name)] : []));
  for (const place of places) {
    try {
      const real = await realpath(place);
      const s = await stat(real);
      if (s.isFile() && (s.mode & 0o111) !== 0) return `${real}:${s.size}:${s.mtimeMs}`;
    } catch {
      // not there
    }
  }
  return undefined;
}

// Written to a temporary file and renamed, so that a concurrent reader never sees half a file.
async function store(file: string, entries: Record<string, string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(entries)}\n`);
  await rename(tmp, file);
}
