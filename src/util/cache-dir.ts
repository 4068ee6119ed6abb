// Where pyat keeps what it remembers between runs (validated registries, boot times): under
// $XDG_CACHE_HOME/pyat, else ~/.cache/pyat. PYAT_NO_CACHE=1 turns every such memory off.

import { mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** pyat's cache directory, or undefined when caching is off or there is no home to put it in. */
export function pyatCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if ((env.PYAT_NO_CACHE ?? '') !== '') return undefined;
  if (env.XDG_CACHE_HOME !== undefined) return path.join(env.XDG_CACHE_HOME, 'pyat');
  try {
    return path.join(os.homedir(), '.cache', 'pyat');
  } catch {
    return undefined;
  }
}

/**
 * Writes one entry of a cache directory atomically (a temp file renamed into place), readable by
 * its user only, then keeps the `keep` entries written last. A cache that cannot be written costs
 * only what it would have saved: a failure is ignored.
 */
export async function writeCacheEntry(file: string, text: string, keep: number): Promise<void> {
  const dir = path.dirname(file);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, file);
    await pruneOldest(dir, keep);
  } catch {
    await unlink(temp).catch(() => undefined);
  }
}

/** Removes the `.json` entries of `dir` written longest ago beyond `keep`; a failure is ignored. */
async function pruneOldest(dir: string, keep: number): Promise<void> {
  const names = (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.json'));
  if (names.length <= keep) return;
  const aged = await Promise.all(
    names.map(async (n) => {
      const f = path.join(dir, n);
      return {
        f,
        mtime: await stat(f).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
      };
    }),
  );
  aged.sort((a, b) => a.mtime - b.mtime);
  await Promise.all(aged.slice(0, aged.length - keep).map((a) => unlink(a.f).catch(() => undefined)));
}
