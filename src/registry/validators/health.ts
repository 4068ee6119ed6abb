// Validators of health probes: dependents need something to wait for, and a probe needs a port
// to reach (probes and smoke checks run from the host against the published port).

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

/** A probe or smoke checks on a service that publishes no port: nothing for them to reach. */
export const probeWithoutPort: Validator = {
  name: 'probe-without-port',
  check: (ctx) =>
    [...ctx.registry.services.values()]
      .filter((s) => !s.port && !s.job) // a job's probe and smoke checks are refused as such (job.ts)
      .flatMap((s) => [
        ...(s.health.type !== 'none'
          ? [
              errorAt(
                ctx,
                ['services', s.name, 'health', 'type'],
                `service "${s.name}" has a ${s.health.type} probe but publishes no port`,
                'probes run from the host against the published port: add port: <number>',
              ),
            ]
          : []),
        ...(s.smoke.length > 0
          ? [
              errorAt(
                ctx,
                ['services', s.name, 'smoke'],
                `service "${s.name}" has smoke checks but publishes no port`,
                'smoke checks run from the host against the published port: add port: <number>',
              ),
            ]
          : []),
      ]),
};
