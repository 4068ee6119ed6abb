// The container healthcheck that mirrors a service's probe, so that plain `docker compose up
// --wait` gates on the same condition pyat does. What it runs is the probe kind's own
// (src/probes/kinds/: `composeTest`); the timing is the same for every kind.

import type { ProbeKind } from '../probes/kind.js';
import { KINDS } from '../probes/kinds/index.js';
import type { HealthSpec, ServiceDef } from '../registry/model.js';
import { formatDuration } from '../util/duration.js';
import type { ComposeHealthcheck } from './types.js';

// Steady-state checks after start-up: Compose's default is 30s; 10s notices a dead service sooner
// at negligible cost. `start_interval` polls fast only during `start_period`.
const STEADY_INTERVAL = '10s';
const CHECK_TIMEOUT = '3s';
const RETRIES = 3;

type ProbeSpec = Exclude<HealthSpec, { type: 'none' }>;

/** Returns the healthcheck for a service, or undefined when it has no probe or its kind has no in-container form. */
export function healthcheckFor(service: ServiceDef): ComposeHealthcheck | undefined {
  const { health } = service;
  if (health.type === 'none') return undefined;
  const kind = KINDS[health.type] as unknown as ProbeKind<ProbeSpec['type'], { type: ProbeSpec['type'] }>;
  // The resolver fills the port in; a model built by hand may leave it to the first published one.
  const port = kind.defaultPort === null ? undefined : ((health as { port?: number }).port ?? service.ports[0]?.container);
  // A network probe that names no port has nothing to check (the validators report it).
  if (kind.defaultPort !== null && port === undefined) return undefined;
  // Each entry of KINDS is the kind of its own key; TypeScript cannot follow a union through the lookup.
  const test = kind.composeTest(port === undefined ? health : ({ ...health, port } as ProbeSpec));
  if (!test) return undefined;
  return {
    test,
    interval: STEADY_INTERVAL,
    timeout: CHECK_TIMEOUT,
    retries: RETRIES,
    start_period: formatDuration(health.timeout),
    start_interval: formatDuration(Math.max(health.interval, 100)),
  };
}
