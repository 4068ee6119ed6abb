// Validators of published host ports: no two services on one port, non-infra services inside
// port_range, and a warning for ports open to the whole network.

import { isAllInterfaces } from '../../util/addresses.js';
import type { PortSpec, ServiceDef } from '../model.js';
import { isRecord } from '../path.js';
import { RegistryFileSchema } from '../schema.js';
import { errorAt, type Validator } from './types.js';

const published = (services: Map<string, ServiceDef>) =>
  [...services.values()].filter((s): s is ServiceDef & { port: PortSpec } => s.port !== undefined);

// Two binds collide when they are the same address or either listens on every address.
const overlaps = (a: string, b: string) => a === b || isAllInterfaces(a) || isAllInterfaces(b);

/** Two services publish the same host port (on overlapping addresses). */
export const hostPortConflict: Validator = {
  name: 'host-port-conflict',
  check: (ctx) => {
    const seen: (ServiceDef & { port: PortSpec })[] = [];
    return published(ctx.registry.services).flatMap((s) => {
      const other = seen.find((o) => o.port.host === s.port.host && overlaps(o.port.bind, s.port.bind));
      seen.push(s);
      return other
        ? [
            errorAt(
              ctx,
              ['services', s.name, 'port', 'host'],
              `services "${other.name}" and "${s.name}" both publish host port ${s.port.host}`,
              'give one of them another host port',
            ),
          ]
        : [];
    });
  },
};

/** An application service publishes a host port outside `port_range` (infra services may). */
export const portOutsideRange: Validator = {
  name: 'port-outside-range',
  check: (ctx) => {
    // An invalid port_range is reported by the schema check; judging ports by the default range
    // in its place would add errors about a range the file never asked for.
    const written = isRecord(ctx.raw) ? ctx.raw.port_range : undefined;
    if (written !== undefined && !RegistryFileSchema.shape.port_range.safeParse(written).success) return [];
    const [lo, hi] = ctx.registry.portRange;
    return published(ctx.registry.services)
      .filter((s) => !s.infra && (s.port.host < lo || s.port.host > hi))
      .map((s) =>
        errorAt(
          ctx,
          ['services', s.name, 'port', 'host'],
          `service "${s.name}" publishes host port ${s.port.host}, outside port_range [${lo}, ${hi}]`,
          `use a free port from ${lo} to ${hi}, widen port_range, or mark the service infra: true`,
        ),
      );
  },
};

/** A port bound to every interface is reachable from the network: a warning, not an error. */
export const publishedOnAllInterfaces: Validator = {
  name: 'published-on-all-interfaces',
  check: (ctx) =>
    published(ctx.registry.services)
      .filter((s) => isAllInterfaces(s.port.bind))
      .map((s) => ({
        ...errorAt(
          ctx,
          ['services', s.name, 'port', 'bind'],
          `service "${s.name}" is published on all interfaces (${s.port.bind}:${s.port.host})`,
          'other machines on the network can reach it; bind to 127.0.0.1 unless that is intended',
        ),
        severity: 'warning' as const,
      })),
};
