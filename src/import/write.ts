// All or nothing: every output is written to a temporary file beside it first, and only when all
// of them were written are they renamed into place (a rename replaces a file that exists: --force).

import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One file to write; `mode` 0o600 for a file of secrets. */
export interface OutputFile {
  path: string;
  text: string;
  mode?: number;
}

/** Writes every file, or none of them (a failed write removes the temporary files). */
export async function writeAllOrNothing(files: readonly OutputFile[]): Promise<void> {
  const staged = files.map((f, i) => ({ ...f, temp: `${f.path}.pyat-import-${String(process.pid)}-${String(i)}.tmp` }));
  try {
    for (const f of staged) {
      await mkdir(path.dirname(f.path), { recursive: true });
      await writeFile(f.temp, f.text, { mode: f.mode ?? 0o644, flag: 'wx' });
      // The umask may have taken bits away, never added: set the mode exactly.
      if (f.mode !== undefined) await chmod(f.temp, f.mode);
    }
  } catch (err) {
    await Promise.all(staged.map((f) => rm(f.temp, { force: true })));
    throw err;
  }
  for (const f of staged) await rename(f.temp, f.path);
}
