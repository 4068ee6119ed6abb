// The ports of a service as the targets read them: every published port, the container port a
// network probe targets (`health.port`, which the resolver fills in), and every container port
// the service listens on. The one place that knows how the registry model holds them.

import type { PortSpec, ServiceDef } from '../registry/model.js';

/** Every published port of a service, in registry order. */
export function portsOf(svc: ServiceDef): PortSpec[] {
  return svc.ports;
}

/** The container port a network probe of the service targets, if it has one (exec and none reach no port). */
export function probePortOf(svc: ServiceDef): number | undefined {
  const { health } = svc;
  if (health.type === 'none' || health.type === 'exec') return undefined;
  return health.port ?? svc.ports[0]?.container;
}

/** The container ports the service listens on: each published one, then a probed one that is not published. */
export function containerPortsOf(svc: ServiceDef): number[] {
  const ports = svc.ports.map((p) => p.container);
  const probed = probePortOf(svc);
  return [...new Set(probed === undefined ? ports : [...ports, probed])];
}
