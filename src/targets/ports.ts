// The ports of a service as the targets read them: every published port, and the container port
// a network probe targets. The one place that knows how the registry model holds them.

import type { PortSpec, ServiceDef } from '../registry/model.js';

/** Every published port of a service, in registry order. */
export function portsOf(svc: ServiceDef): PortSpec[] {
  return svc.port ? [svc.port] : [];
}

/** The container port a network probe of the service targets, if it has one. */
export function probePortOf(svc: ServiceDef): number | undefined {
  return portsOf(svc)[0]?.container;
}
