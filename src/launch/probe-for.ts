// Builds a service's host-side probe: pointed at its published port on the host, with
// credentials resolved from the environment and .env only now, at the moment they are needed.

import { createProbe, type Probe } from '../probes/index.js';
import { resolveValue } from '../registry/interpolate.js';
import type { ServiceDef } from '../registry/model.js';
import { isAllInterfaces } from '../util/addresses.js';

/** Where the host reaches a port published on `bind`: all-interfaces binds are reached on loopback. */
export function probeHost(bind: string): string {
  return isAllInterfaces(bind) ? '127.0.0.1' : bind;
}

/** Returns a function that makes the probe of a service (undefined when it has no probe or no port). */
export function probeFactory(
  vars: Readonly<Record<string, string>>,
  opts: { attemptTimeoutMs?: number } = {},
): (svc: ServiceDef) => Probe | undefined {
  const resolve = (raw: string | undefined): string | undefined => (raw === undefined ? undefined : resolveValue(raw, vars).value);
  return (svc) => {
    const spec = svc.health;
    if (spec.type === 'none' || !svc.port) return undefined;
    const target = { host: probeHost(svc.port.bind), port: svc.port.host };
    const credentials =
      spec.type === 'postgres'
        ? { user: resolve(spec.user), password: resolve(spec.password), database: resolve(spec.database) }
        : spec.type === 'redis'
          ? { password: resolve(spec.password) }
          : undefined;
    return createProbe(spec, credentials ? { ...target, credentials } : target, opts);
  };
}
