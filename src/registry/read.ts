// Reads one registry file, refusing quickly what is not a registry: a missing path, a
// directory, a file over MAX_FILE_BYTES (checked before reading it), bytes that are not UTF-8.

import { readFile, stat } from 'node:fs/promises';
import type { Problem } from '../errors.js';
import { MAX_FILE_BYTES } from './defaults.js';

/** The text of the file at `path` (shown as `name`), or the problem that prevents reading it. */
export async function readRegistryFile(path: string, name: string): Promise<{ text: string } | { problem: Problem }> {
  const fail = (message: string, hint: string, line?: number) => ({
    problem: { message, hint, severity: 'error' as const, ...(line ? { location: { file: name, line } } : {}) },
  });
  try {
    const info = await stat(path);
    if (info.isDirectory())
      return fail(`${name} is a directory, not a registry file`, `pass the YAML file itself, e.g. -f ${name}/services.yaml`);
    if (info.size > MAX_FILE_BYTES)
      return fail(`${name} is larger than 4 MiB`, 'a registry is a few kilobytes; check that -f names the right file', 1);
    const bytes = await readFile(path);
    const text = decodeUtf8(bytes);
    if (typeof text === 'number') return fail(`${name} is not valid UTF-8`, 'save the file as UTF-8', text);
    return { text };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return fail(`registry file not found: ${name}`, 'check the -f path; a relative path starts from the current directory');
    return fail(`cannot read ${name} (${code ?? (err as Error).message})`, "check the file's permissions");
  }
}

/** Decodes UTF-8 (dropping a BOM), or returns the line of the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array): string | number {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // The lenient decoder puts U+FFFD where the strict one failed: count the lines before it.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const bad = lenient.indexOf('\uFFFD');
    return lenient.slice(0, Math.max(bad, 0)).split('\n').length;
  }
}
