// All or nothing: every output is written to a temporary file beside it first, and only when all
// of them were written are they renamed into place.

import { chmod, rename, rm, writeFile } from 'node:fs/promises';

/** One file to write; `mode` 0o600 for a file of secrets. */
export interface OutputFile {
  path: string;
  text: string;
  mode?: number;
}

/** Writes every file, or none of them (a failed write removes the temporary files). */
export async function writeAllOrNothing(files: readonly OutputFile[]): Promise<void> {
  const temps = files.map((f, i) => `${f.path}.pyat-import-${process.pid}-${i}.tmp`);
  try {
    for (const [i, f] of files.entries()) {
      await writeFile(temps[i]!, f.text, { mode: f.mode ?? 0o644, flag: 'wx' });
      // The umask may have taken bits away, never added: set the mode exactly.
      if (f.mode !== undefined) await chmod(temps[i]!, f.mode);
    }
  } catch (err) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw err;
  }
  for (const [i, f] of files.entries()) await rename(temps[i]!, f.path);
}
