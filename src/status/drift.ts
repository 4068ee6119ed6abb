// Drift: where the containers that run differ from what the registry declares now. Pure: the
// registry's view (a service, its hash, its resolved image) against the engine's (a ContainerInfo).

import { LABEL } from '../compose/model.js';
import type { PortSpec } from '../registry/model.js';
import type { ContainerInfo } from '../runtime/types.js';
import { isAllInterfaces } from '../util/addresses.js';
import type { Drift, Orphan } from './types.js';

/** What the registry says of one service, with `${VAR}`s already resolved. */
export interface Declared {
  port?: PortSpec;
  /** The image the registry names, if it names one. */
  image?: string;
  /** serviceHash() of the current definition. */
  hash: string;
}

/** Every drift of one declared service against its container (`missing` when there is none). */
export function serviceDrift(declared: Declared, container: ContainerInfo | undefined): Drift[] {
  if (!container) return [{ kind: 'missing', detail: 'declared in the registry, but no container exists (run `pyat up`)' }];
  return [portDrift(declared.port, container), staleDrift(declared.hash, container), imageDrift(declared.image, container)].filter(
    (d): d is Drift => d !== undefined,
  );
}

/** The project's containers whose service the registry does not declare. */
export function orphansOf(declared: ReadonlySet<string>, containers: readonly ContainerInfo[]): Orphan[] {
  return containers
    .filter((c) => !declared.has(c.service))
    .map((c) => ({ name: c.service || '(no service label)', container: c.name, state: c.state, image: c.image }));
}

/** The drift entry of an orphan, for lists that put every drift together. */
export function orphanDrift(o: Orphan): Drift {
  return {
    kind: 'orphan',
    detail: `container ${o.container} (${o.state}) belongs to the project, but the registry declares no service ${o.name}`,
  };
}

// All-interfaces binds look different in the registry ('0.0.0.0') and the engine ('', '0.0.0.0', '::').
const sameBind = (a: string, b: string): boolean => a === b || (isAllInterfaces(a) && isAllInterfaces(b));
const binding = (ip: string, host: number, container: number): string => `${ip || '0.0.0.0'}:${host}->${container}`;

function portDrift(port: PortSpec | undefined, c: ContainerInfo): Drift | undefined {
  const published = [...new Set(c.ports.map((p) => binding(p.hostIp, p.hostPort, p.container)))].join(', ') || 'nothing';
  if (!port) return c.ports.length > 0 ? { kind: 'port', detail: `publishes ${published}; the registry declares no port` } : undefined;
  const match = c.ports.some((p) => p.container === port.container && p.hostPort === port.host && sameBind(p.hostIp, port.bind));
  if (match) return undefined;
  return { kind: 'port', detail: `publishes ${published}; the registry says ${binding(port.bind, port.host, port.container)}` };
}

function staleDrift(hash: string, c: ContainerInfo): Drift | undefined {
  const label = c.labels[LABEL.configHash];
  if (label === hash) return undefined;
  // Without the label nothing proves the container matches the registry: assume it does not.
  if (label === undefined)
    return { kind: 'stale', detail: `has no ${LABEL.configHash} label (not created by pyat up); \`pyat up\` recreates it` };
  return {
    kind: 'stale',
    detail: `created from another definition (config-hash ${label}; the registry's is now ${hash}); \`pyat up\` recreates it`,
  };
}

function imageDrift(image: string | undefined, c: ContainerInfo): Drift | undefined {
  if (image === undefined || normalImage(image) === normalImage(c.image)) return undefined;
  return { kind: 'image', detail: `runs ${c.image || '(unknown image)'}; the registry names ${image}` };
}

/** An image reference as the engine would resolve it: `redis` = `redis:latest` = `docker.io/library/redis:latest`. */
export function normalImage(ref: string): string {
  let r = ref
    .trim()
    .replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
    .replace(/^library\//, '');
  const lastSegment = r.slice(r.lastIndexOf('/') + 1);
  if (!r.includes('@') && !lastSegment.includes(':')) r += ':latest';
  return r;
}
