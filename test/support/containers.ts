// Hand-built containers for the pure status tests: what the engine would report for a service
// created from its current registry definition, unless told otherwise.

import { LABEL } from '../../src/compose/model.js';
import { serviceHash } from '../../src/compose/service-hash.js';
import type { ServiceDef } from '../../src/registry/model.js';
import type { ContainerInfo } from '../../src/runtime/types.js';
import { svc } from './registry.js';

/** The wall clock the tests run at; containers started `uptimeS` seconds before it. */
export const NOW = Date.parse('2026-01-01T12:00:00Z');

/** A running container of `svc`, labelled and published exactly as the registry says. */
export function containerOf(svc: ServiceDef, over: Partial<ContainerInfo> & { uptimeS?: number } = {}): ContainerInfo {
  const { uptimeS = 600, ...rest } = over;
  const ports = svc.ports.map((p) => ({ container: p.container, hostIp: p.bind, hostPort: p.host }));
  return {
    id: `id-${svc.name}`,
    name: `test-${svc.name}-1`,
    service: svc.name,
    state: 'running',
    exitCode: 0,
    restartCount: 0,
    startedAt: new Date(NOW - uptimeS * 1000).toISOString(),
    finishedAt: '',
    image: svc.image ?? '',
    imageId: 'sha256:0',
    labels: { 'com.docker.compose.project': 'test', 'com.docker.compose.service': svc.name, [LABEL.configHash]: serviceHash(svc) },
    ports,
    ...rest,
  };
}

/** A container of the project for a service the registry does not declare. */
export function orphan(service: string): ContainerInfo {
  return { ...containerOf(svc(service, { image: undefined, health: { type: 'none' } })), image: 'busybox-local:latest' };
}
