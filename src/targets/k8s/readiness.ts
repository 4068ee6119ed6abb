// Readiness in Kubernetes words, one function per probe kind: what the kind checks (the handler),
// then when (the timing). A `startupProbe` carries the registry's start-up budget; after it passes,
// a `readinessProbe` keeps the steady state Compose's healthcheck has. There is no livenessProbe:
// a deep check as liveness restarts every app when the database blips.

import type { Probe } from 'kubernetes-types/core/v1.js';
import { STEADY_CHECK } from '../../compose/healthcheck.js';
import type { HealthSpec, ProbeTiming } from '../../registry/model.js';
import type { ContainerEnv } from './env.js';

/** What the handler of a kind may use: the probe's port (number and declared name) and the container's environment. */
export interface ReadinessContext {
  port: number;
  portName: string;
  env: ContainerEnv;
}

type Handler = Pick<Probe, 'exec' | 'httpGet' | 'tcpSocket' | 'grpc'>;
type ProbeKind = Exclude<HealthSpec, { type: 'none' }>;
type HandlerOf<K extends ProbeKind['type']> = (spec: Extract<ProbeKind, { type: K }>, ctx: ReadinessContext) => Handler;

/** A command run in the container: as is when it holds no variable, else through `sh -c` reading the container's environment. */
function command(words: readonly string[], env: ContainerEnv): Handler {
  if (!words.some((w) => env.templated(w))) return { exec: { command: [...words] } };
  return { exec: { command: ['sh', '-c', `exec ${words.map((w) => env.shellWord(w)).join(' ')}`] } };
}

const HANDLERS: { [K in ProbeKind['type']]: HandlerOf<K> } = {
  // As Bitnami's PostgreSQL chart does: pg_isready over the loopback, as the registry's user and database.
  postgres: (s, { port, env }) => command(['pg_isready', '-h', '127.0.0.1', '-p', String(port), '-U', s.user, '-d', s.database], env),
  // redis-cli reads REDISCLI_AUTH, set from the Secret, so the password is on no command line.
  redis: (s, { port, env }) => {
    if (s.password !== undefined) env.add('REDISCLI_AUTH', s.password);
    return { exec: { command: ['sh', '-c', `redis-cli -h 127.0.0.1 -p ${port} ping | grep -q PONG`] } };
  },
  // Kubernetes counts 200–399 as success; an `expect` outside that range is refused before this.
  http: (s, { portName }) => ({ httpGet: { path: s.path, port: portName } }),
  tcp: (_s, { portName }) => ({ tcpSocket: { port: portName } }),
  // A list runs as is, a string through `sh -c`, as Compose's CMD and CMD-SHELL (and pyat's own exec probe).
  exec: (s, { env }) =>
    typeof s.command === 'string' ? { exec: { command: ['sh', '-c', env.shellText(s.command)] } } : command(s.command, env),
  // Kubernetes' own gRPC probe (GA in 1.27) asks grpc.health.v1.Health/Check, as pyat's does; it takes a number, not a name.
  grpc: (s, { port }) => ({ grpc: { port, ...(s.service !== undefined ? { service: s.service } : {}) } }),
};

/** The startup and readiness probes of a service's health, or none for `none`. */
export function readinessOf(health: HealthSpec, ctx: ReadinessContext): { startupProbe?: Probe; readinessProbe?: Probe } {
  if (health.type === 'none') return {};
  const handler = (HANDLERS[health.type] as HandlerOf<ProbeKind['type']>)(health, ctx);
  return { startupProbe: { ...handler, ...startupTiming(health) }, readinessProbe: { ...handler, ...steadyTiming() } };
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Poll every `interval` (at least 1 s, Kubernetes' smallest period) until `timeout` is spent. */
function startupTiming({ interval, timeout }: ProbeTiming): Probe {
  const periodSeconds = seconds(interval);
  return {
    periodSeconds,
    timeoutSeconds: seconds(STEADY_CHECK.timeout),
    failureThreshold: Math.max(1, Math.ceil(timeout / (periodSeconds * 1000))),
  };
}

function steadyTiming(): Probe {
  return {
    periodSeconds: seconds(STEADY_CHECK.interval),
    timeoutSeconds: seconds(STEADY_CHECK.timeout),
    failureThreshold: STEADY_CHECK.retries,
  };
}
