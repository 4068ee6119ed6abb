// Builds a service's probe, with credentials resolved from the environment and .env only now, at
// the moment they are needed. Where it looks: a published port on the host when the port the probe
// targets is published; otherwise the container's own address on its network (reachable from the
// host on Linux engines; not from a Docker Desktop host, whose containers live in a VM); an exec
// probe runs inside the container through the engine.

import { deferredProbe } from '../probes/deferred.js';
import { createProbe, type Probe } from '../probes/index.js';
import type { ProbeTarget } from '../probes/types.js';
import { resolveValue } from '../registry/interpolate.js';
import type { ServiceDef } from '../registry/model.js';
import type { ContainerInfo, Engine } from '../runtime/types.js';

/** What probes need of the engine: a container's address, and exec for in-container commands. */
export type ProbeEngine = Pick<Engine, 'inspect' | 'exec'>;

/** Makes the probe of a service, aimed at its container (undefined when it has none, or nothing to reach). */
export type ProbeFor = (svc: ServiceDef, container?: Pick<ContainerInfo, 'id' | 'name' | 'addresses'>) => Probe | undefined;

// Env keys whose values an exec probe's output must not show (a command may print its own env).
const SECRET_KEY = /PASS|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE/i;

/** Where the host reaches a port published on `bind`: all-interfaces binds are reached on loopback. */
export function probeHost(bind: string): string {
  return bind === '0.0.0.0' || bind === '::' || bind === '' ? '127.0.0.1' : bind;
}

/** Returns a function that makes the probe of a service; `engine` is asked for only when a probe needs it. */
export function probeFactory(
  vars: Readonly<Record<string, string>>,
  opts: { attemptTimeoutMs?: number; engine?: () => ProbeEngine | undefined } = {},
): ProbeFor {
  const resolve = (raw: string | undefined): string | undefined => (raw === undefined ? undefined : resolveValue(raw, vars).value);
  const probeOpts = opts.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: opts.attemptTimeoutMs };
  return (svc, container) => {
    const spec = svc.health;
    if (spec.type === 'none') return undefined;
    const engine = opts.engine?.();
    if (spec.type === 'exec') {
      if (!engine || !container) return undefined;
      const secrets = Object.entries(svc.env)
        .filter(([k]) => SECRET_KEY.test(k))
        .map(([, v]) => resolve(v) ?? '')
        .filter((v) => v.length >= 4);
      const command =
        typeof spec.command === 'string' ? resolveValue(spec.command, vars).value : spec.command.map((a) => resolveValue(a, vars).value);
      const target = {
        host: container.name,
        port: 0,
        exec: (argv: string[], s: AbortSignal) => engine.exec(container.id, argv, s),
        secrets,
      };
      return createProbe({ ...spec, command }, target, probeOpts);
    }
    if (spec.port === undefined) return undefined;
    const credentials =
      spec.type === 'postgres'
        ? { user: resolve(spec.user), password: resolve(spec.password), database: resolve(spec.database) }
        : spec.type === 'redis'
          ? { password: resolve(spec.password) }
          : undefined;
    const make = (host: string, port: number): Probe => {
      const target: ProbeTarget = credentials ? { host, port, credentials } : { host, port };
      return createProbe(spec, target, probeOpts);
    };
    const published = svc.ports.find((p) => p.container === spec.port);
    if (published) return make(probeHost(published.bind), published.host);
    // Not published: the container's address, once it has one (it gets it when it starts).
    if (!engine || !container) return undefined;
    const port = spec.port;
    const locate = async (): Promise<string | undefined> => container.addresses?.[0] ?? (await engine.inspect(container.id)).addresses?.[0];
    return deferredProbe(spec.type, svc.name, locate, (host) => make(host, port));
  };
}
