// Compose resolves relative paths from the Compose file's directory, the registry from its own;
// these helpers rewrite a registry-relative path so it means the same place from compose/.

import path from 'node:path';

/** Rewrites a path relative to `baseDir` so that it is relative to `outDir`; absolute paths stay. */
export function rebase(p: string, baseDir: string, outDir: string): string {
  if (path.isAbsolute(p) || p.startsWith('~')) return p;
  const rel = path.relative(outDir, path.resolve(baseDir, p)).split(path.sep).join('/');
  if (rel === '') return '.';
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** A volume's source is a named volume when it is not a path (Compose spec, "volumes" short syntax). */
export function namedVolumeOf(volume: string): string | undefined {
  const source = volume.split(':')[0] ?? '';
  if (!volume.includes(':') || source === '') return undefined;
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source) ? source : undefined;
}

/** Rewrites a short-syntax volume so that a bind-mount source is relative to `outDir`. */
export function rebaseVolume(volume: string, baseDir: string, outDir: string): string {
  if (!volume.includes(':') || namedVolumeOf(volume) !== undefined) return volume;
  const [source = '', ...rest] = volume.split(':');
  return [rebase(source, baseDir, outDir), ...rest].join(':');
}
