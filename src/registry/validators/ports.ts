// Validators of published host ports: `port` and `ports` not both, no two publications of one host
// port (across services or within one), non-infra services inside port_range, and a warning for
// ports open to the whole network. Every port of a service is checked, each at its own line.

import type { PortSpec, ServiceDef } from '../model.js';
import type { Path } from '../path.js';
import { isRecord, valueAt } from '../path.js';
import { RegistryFileSchema } from '../schema.js';
import { errorAt, type Validator, type ValidatorContext } from './types.js';

const WILDCARD = new Set(['0.0.0.0', '::']);

/** One published port of a service, with the path where the file wrote it. */
interface Published {
  svc: ServiceDef;
  port: PortSpec;
  /** `services.NAME.ports[i]`, or `services.NAME.port` for the shorthand. */
  path: Path;
}

/** Every published port of every service, in declaration order. */
function publishedPorts(ctx: ValidatorContext): Published[] {
  return [...ctx.registry.services.values()].flatMap((svc) => {
    const listed = valueAt(ctx.raw, ['services', svc.name, 'ports']) !== undefined;
    return svc.ports.map((port, i) => ({ svc, port, path: listed ? ['services', svc.name, 'ports', i] : ['services', svc.name, 'port'] }));
  });
}

// The long form's field when the port was written as an object; the item itself for a bare number.
const fieldOf = (ctx: ValidatorContext, p: Published, field: 'host' | 'bind'): Path =>
  isRecord(valueAt(ctx.raw, p.path)) ? [...p.path, field] : p.path;

// Two binds collide when they are the same address or either listens on every address.
const overlaps = (a: string, b: string) => a === b || WILDCARD.has(a) || WILDCARD.has(b);

/** `port` and `ports` on one service: which one is meant cannot be guessed. */
export const portAndPorts: Validator = {
  name: 'port-and-ports',
  check: (ctx) =>
    [...ctx.registry.services.values()]
      .filter((s) => valueAt(ctx.raw, ['services', s.name, 'port']) !== undefined)
      .filter((s) => valueAt(ctx.raw, ['services', s.name, 'ports']) !== undefined)
      .map((s) =>
        errorAt(
          ctx,
          ['services', s.name, 'port'],
          `service "${s.name}" has both port and ports`,
          'keep one: move the port into the ports list, or use port alone for a single port',
        ),
      ),
};

/** Two publications of the same host port (on overlapping addresses), by two services or by one twice. */
export const hostPortConflict: Validator = {
  name: 'host-port-conflict',
  check: (ctx) => {
    const seen: Published[] = [];
    return publishedPorts(ctx).flatMap((p) => {
      const other = seen.find((o) => o.port.host === p.port.host && overlaps(o.port.bind, p.port.bind));
      seen.push(p);
      if (!other) return [];
      const who =
        other.svc === p.svc
          ? `service "${p.svc.name}" publishes host port ${p.port.host} twice`
          : `services "${other.svc.name}" and "${p.svc.name}" both publish host port ${p.port.host}`;
      return [
        errorAt(ctx, fieldOf(ctx, p, 'host'), who, other.svc === p.svc ? 'remove one of them' : 'give one of them another host port'),
      ];
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
    return publishedPorts(ctx)
      .filter((p) => !p.svc.infra && (p.port.host < lo || p.port.host > hi))
      .map((p) =>
        errorAt(
          ctx,
          fieldOf(ctx, p, 'host'),
          `service "${p.svc.name}" publishes host port ${p.port.host}, outside port_range [${lo}, ${hi}]`,
          `use a free port from ${lo} to ${hi}, widen port_range, or mark the service infra: true`,
        ),
      );
  },
};

/** A port bound to every interface is reachable from the network: a warning, not an error. */
export const publishedOnAllInterfaces: Validator = {
  name: 'published-on-all-interfaces',
  check: (ctx) =>
    publishedPorts(ctx)
      .filter((p) => WILDCARD.has(p.port.bind))
      .map((p) => ({
        ...errorAt(
          ctx,
          fieldOf(ctx, p, 'bind'),
          `service "${p.svc.name}" is published on all interfaces (${p.port.bind}:${p.port.host})`,
          'other machines on the network can reach it; bind to 127.0.0.1 unless that is intended',
        ),
        severity: 'warning' as const,
      })),
};
