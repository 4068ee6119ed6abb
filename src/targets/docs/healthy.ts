// What "healthy" means for each probe kind, in words a reader of the catalog understands. One
// function per kind, so that a new kind fails to compile until it says itself here too.

import type { HealthSpec } from '../../registry/model.js';

type Describe<K extends HealthSpec['type']> = (spec: Extract<HealthSpec, { type: K }>, port: number | undefined) => string;

const at = (port: number | undefined) => (port === undefined ? '' : ` on port ${port}`);

const DESCRIBE: { [K in HealthSpec['type']]: Describe<K> } = {
  postgres: (s, port) => `Postgres accepts a login as \`${s.user}\` to database \`${s.database}\`${at(port)}`,
  redis: (_s, port) => `Redis answers \`PING\` with \`PONG\`${at(port)}`,
  http: (s, port) => `\`GET ${s.path}\`${at(port)} answers ${s.expect ?? '2xx'}`,
  tcp: (_s, port) => `a TCP connection${at(port)} is accepted`,
  exec: (s) => `\`${typeof s.command === 'string' ? s.command : s.command.join(' ')}\` exits 0 inside the container`,
  grpc: (s, port) => `the gRPC health check${s.service ? ` of \`${s.service}\`` : ''}${at(port)} answers SERVING`,
  none: () => 'no probe: started counts as ready',
};

/** One sentence: when the service counts as healthy. Credentials are shown as written (`${VAR}`), passwords never. */
export function describeHealth(health: HealthSpec, port: number | undefined): string {
  return (DESCRIBE[health.type] as Describe<HealthSpec['type']>)(health, port);
}
