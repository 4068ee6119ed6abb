// Builds the probe for a service's `health:` spec. The caller resolves `${VAR}` references first
// (see src/registry/model.ts): probes only ever see real values, and never print them.

import type { HealthSpec } from '../registry/model.js';
import { HttpProbe } from './http.js';
import { loadPostgresDriver, PostgresProbe } from './postgres.js';
import { loadRedisClient, RedisProbe } from './redis.js';
import { TcpProbe } from './tcp.js';
import type { Probe, ProbeTarget } from './types.js';

export type { Probe, ProbeResult, ProbeTarget } from './types.js';

/** A health spec that has a probe (everything but `none`). */
export type ProbeSpec = Exclude<HealthSpec, { type: 'none' }>;

/** Per-probe options: how long one attempt may take. */
export interface ProbeOptions {
  attemptTimeoutMs?: number;
}

// One attempt must end well before the start-up budget, or a single stuck connection eats it all.
const MAX_ATTEMPT_MS = 2000;

/** Creates the probe for `spec`, pointed at `target`; `target.credentials` override the spec's (possibly `${VAR}`) values. */
export function createProbe(spec: ProbeSpec, target: ProbeTarget, opts: ProbeOptions = {}): Probe {
  const attemptTimeoutMs = opts.attemptTimeoutMs ?? Math.min(MAX_ATTEMPT_MS, spec.timeout);
  const { host, port } = target;
  const c = target.credentials ?? {};
  switch (spec.type) {
    case 'postgres':
      return new PostgresProbe({
        host,
        port,
        user: c.user ?? spec.user,
        password: c.password ?? spec.password,
        database: c.database ?? spec.database,
        attemptTimeoutMs,
      });
    case 'redis':
      return new RedisProbe({ host, port, user: c.user, password: c.password ?? spec.password, attemptTimeoutMs });
    case 'http':
      return new HttpProbe({ host, port, path: spec.path, expect: spec.expect, attemptTimeoutMs });
    case 'tcp':
      return new TcpProbe({ host, port, attemptTimeoutMs });
  }
}

/**
 * Starts loading the drivers that probes of these kinds will need, without waiting: their code is
 * most of what a probing command compiles, and this way it loads while the engine is being asked.
 */
export function preloadDrivers(kinds: Iterable<HealthSpec['type']>): void {
  const wanted = new Set(kinds);
  if (wanted.has('postgres')) loadPostgresDriver().catch(() => undefined);
  if (wanted.has('redis')) loadRedisClient().catch(() => undefined);
}
