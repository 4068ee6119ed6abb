// The probe kinds, by `health.type`: adding a kind is a module beside these, a line in KINDS, and
// its `health:` schema in ../health-schemas.ts (apart, so that running a probe never loads zod).

import { execKind } from './exec.js';
import { grpcKind } from './grpc.js';
import { httpKind } from './http.js';
import { postgresKind } from './postgres.js';
import { redisKind } from './redis.js';
import { tcpKind } from './tcp.js';

/** Each kind, by its `type`. */
export const KINDS = {
  postgres: postgresKind,
  redis: redisKind,
  http: httpKind,
  tcp: tcpKind,
  exec: execKind,
  grpc: grpcKind,
} as const;
