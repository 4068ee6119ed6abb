// Validators of health probes: dependents need something to wait for, a network probe needs a
// port to reach (published, or the container's own), and smoke checks need a published port.

import { valueAt } from '../path.js';
import { errorAt, quoteList, type Validator } from './types.js';

/** A service others depend on has no probe, so "ready" would mean only "started". */
export const dependencyWithoutProbe: Validator = {
  name: 'dependency-without-probe',
  check: (ctx) => {
    const services = [...ctx.registry.services.values()];
    return (
      services
        // A job has no probe: its dependents wait for it to exit 0.
        .filter((s) => s.health.type === 'none' && !s.job)
        .flatMap((s) => {
          const dependents = services.filter((d) => d.dependsOn.includes(s.name)).map((d) => d.name);
          return dependents.length === 0
            ? []
            : [
                errorAt(
                  ctx,
                  ['services', s.name, 'health'],
                  `service "${s.name}" has no health probe, but ${quoteList(dependents)} ${dependents.length === 1 ? 'depends' : 'depend'} on it`,
                  'add a health probe (at least health: { type: tcp }) so that its dependents start only once it is ready',
                ),
              ];
        })
    );
  },
};

/** A network probe with no port to reach (nothing published, no health.port), or smoke checks with no published port. */
export const probeWithoutPort: Validator = {
  name: 'probe-without-port',
  check: (ctx) =>
    [...ctx.registry.services.values()]
      .filter((s) => !s.job) // a job's probe and smoke checks are refused as such (job.ts)
      .flatMap((s) => [
        ...(s.health.type !== 'none' && s.health.type !== 'exec' && s.health.port === undefined
          ? [
              errorAt(
                ctx,
                ['services', s.name, 'health', 'type'],
                `service "${s.name}" has a ${s.health.type} probe but no port to reach`,
                "add health.port: <container port> (probed at the container's address when it is not published), or publish it with ports",
              ),
            ]
          : []),
        ...(s.smoke.length > 0 && s.ports.length === 0
          ? [
              errorAt(
                ctx,
                ['services', s.name, 'smoke'],
                `service "${s.name}" has smoke checks but publishes no port`,
                'smoke checks run from the host against the first published port: add ports: [<number>]',
              ),
            ]
          : []),
      ]),
};

/** `health.port` names a published host port instead of the container port behind it: a likely slip. */
export const healthPortIsHostPort: Validator = {
  name: 'health-port-is-host-port',
  check: (ctx) =>
    [...ctx.registry.services.values()].flatMap((s) => {
      const written = valueAt(ctx.raw, ['services', s.name, 'health', 'port']);
      if (typeof written !== 'number' || s.ports.some((p) => p.container === written)) return [];
      const mapped = s.ports.find((p) => p.host === written);
      if (!mapped) return [];
      return [
        errorAt(
          ctx,
          ['services', s.name, 'health', 'port'],
          `service "${s.name}": health.port ${written} is a host port (published from container port ${mapped.container})`,
          `health.port is the container port: write port: ${mapped.container}`,
        ),
      ];
    }),
};
