// The container healthcheck that mirrors a service's host-side probe, so that plain
// `docker compose up --wait` gates on the same condition pyat does. Commands use exec form
// where they can; the shell forms only chain fallbacks (wget, curl, node) because images differ
// in which HTTP client they ship.

import type { HealthSpec, ServiceDef } from '../registry/model.js';
import { formatDuration } from '../util/duration.js';
import type { ComposeHealthcheck } from './types.js';

// Steady-state checks after start-up: Compose's default is 30s; 10s notices a dead service sooner
// at negligible cost. `start_interval` polls fast only during `start_period`. The Kubernetes
// readinessProbe (src/targets/k8s/readiness.ts) keeps the same steady state.
/** The steady-state check after start-up, in milliseconds: period, one check's timeout, failures before unhealthy. */
export const STEADY_CHECK = { interval: 10_000, timeout: 3_000, retries: 3 } as const;

/** Returns the healthcheck for a service, or undefined when it has no probe. */
export function healthcheckFor(service: ServiceDef): ComposeHealthcheck | undefined {
  const { health } = service;
  if (health.type === 'none') return undefined;
  const port = service.port?.container;
  if (port === undefined) return undefined;
  return {
    test: testCommand(health, port),
    interval: formatDuration(STEADY_CHECK.interval),
    timeout: formatDuration(STEADY_CHECK.timeout),
    retries: STEADY_CHECK.retries,
    start_period: formatDuration(health.timeout),
    start_interval: formatDuration(Math.max(health.interval, 100)),
  };
}

function testCommand(health: Exclude<HealthSpec, { type: 'none' }>, port: number): string[] {
  switch (health.type) {
    case 'postgres':
      return ['CMD', 'pg_isready', '-h', '127.0.0.1', '-p', String(port), '-U', health.user, '-d', health.database];
    case 'redis':
      // redis-cli reads REDISCLI_AUTH (set beside the password by the model), so no password is on a command line.
      return ['CMD-SHELL', `redis-cli -h 127.0.0.1 -p ${port} ping | grep -q PONG`];
    case 'http': {
      // Quoted: a path may hold `&` or `?`, which the shell must not read (the schema forbids quotes in it).
      const url = `http://127.0.0.1:${port}${health.path}`;
      const node = `node -e "fetch('${url}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"`;
      return ['CMD-SHELL', `wget -q -O /dev/null '${url}' || curl -fsS -o /dev/null '${url}' || ${node}`];
    }
    case 'tcp':
      return ['CMD-SHELL', `nc -z 127.0.0.1 ${port} || bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port}'`];
  }
}
