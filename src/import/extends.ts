// `extends`: a service starts from another one (in the same file or another) and overrides it,
// with the same merge rules as several files (compose-go `loader/extends.go`). Relative paths of a
// service taken from another file are made absolute there, so they keep meaning the same folder.

import path from 'node:path';
import type { Problem } from '../errors.js';
import { mergeValue } from './merge.js';
import { pathKey, type ComposeSource } from './source.js';

/** Reads another Compose file by absolute path (the caller does the I/O). */
export type SourceLoader = (absolutePath: string) => ComposeSource | { problems: Problem[] };

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The file with every `extends` expanded; problems when a base is missing or extends itself. */
export function applyExtends(src: ComposeSource, load: SourceLoader): ComposeSource | { problems: Problem[] } {
  const services = isMap(src.data.services) ? src.data.services : {};
  const problems: Problem[] = [];
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(services)) {
    const resolved = resolveService(src, name, load, [], problems);
    if (resolved !== undefined) out[name] = resolved;
  }
  if (problems.length > 0) return { problems };
  return { ...src, data: { ...src.data, services: out } };
}

function resolveService(src: ComposeSource, name: string, load: SourceLoader, chain: string[], problems: Problem[]): unknown {
  const services = isMap(src.data.services) ? src.data.services : {};
  const svc = services[name];
  if (!isMap(svc) || svc.extends === undefined) return svc;
  const where = { file: src.file, line: src.origins.get(pathKey('services', name, 'extends'))?.line ?? 1 };
  const id = `${src.file}#${name}`;
  if (chain.includes(id)) {
    problems.push({ message: `extends goes round in a circle: ${[...chain, id].join(' -> ')}`, location: where, severity: 'error' });
    return undefined;
  }
  const spec = typeof svc.extends === 'string' ? { service: svc.extends } : (svc.extends as { service?: unknown; file?: unknown });
  const baseName = String(spec.service);
  let from = src;
  if (typeof spec.file === 'string') {
    const loaded = load(path.resolve(src.dir, spec.file));
    if ('problems' in loaded) {
      problems.push(...loaded.problems);
      return undefined;
    }
    from = loaded;
  }
  const fromServices = isMap(from.data.services) ? from.data.services : {};
  if (!(baseName in fromServices)) {
    problems.push({
      message: `${name} extends ${baseName}, which ${from === src ? 'this file' : from.file} does not define`,
      hint: 'name a service of that file',
      location: where,
      severity: 'error',
    });
    return undefined;
  }
  let base = resolveService(from, baseName, load, [...chain, id], problems);
  if (!isMap(base)) return undefined;
  if (from !== src) base = absolutePaths(base, from.dir);
  const own = Object.fromEntries(Object.entries(svc).filter(([k]) => k !== 'extends'));
  return mergeValue(base, own, ['services', name]);
}

/** build context, env_file and bind-mount sources of a service from another folder, made absolute. */
function absolutePaths(svc: Record<string, unknown>, dir: string): Record<string, unknown> {
  const abs = (p: string) => (p.startsWith('.') ? path.resolve(dir, p) : p);
  const out = { ...svc };
  if (typeof out.build === 'string') out.build = abs(out.build);
  else if (isMap(out.build) && typeof out.build.context === 'string') out.build = { ...out.build, context: abs(out.build.context) };
  if (typeof out.env_file === 'string') out.env_file = abs(out.env_file);
  else if (Array.isArray(out.env_file)) out.env_file = (out.env_file as unknown[]).map((f) => (typeof f === 'string' ? abs(f) : f));
  if (Array.isArray(out.volumes)) {
    out.volumes = (out.volumes as unknown[]).map((v) => {
      if (typeof v !== 'string' || !v.startsWith('.')) return v;
      const [source = '', ...rest] = v.split(':');
      return [abs(source), ...rest].join(':');
    });
  }
  return out;
}
