// The probe kinds, by `health.type`: adding a kind is a module beside these and a line in each list.

import { execKind, ExecHealthSchema } from './exec.js';
import { grpcKind, GrpcHealthSchema } from './grpc.js';
import { httpKind, HttpHealthSchema } from './http.js';
import { postgresKind, PostgresHealthSchema } from './postgres.js';
import { redisKind, RedisHealthSchema } from './redis.js';
import { tcpKind, TcpHealthSchema } from './tcp.js';

/** Each kind's `health:` schema, for the registry's discriminated union. */
export const HEALTH_SCHEMAS = [
  PostgresHealthSchema,
  RedisHealthSchema,
  HttpHealthSchema,
  TcpHealthSchema,
  ExecHealthSchema,
  GrpcHealthSchema,
] as const;

/** Each kind, by its `type`. */
export const KINDS = {
  postgres: postgresKind,
  redis: redisKind,
  http: httpKind,
  tcp: tcpKind,
  exec: execKind,
  grpc: grpcKind,
} as const;

/** A probe kind's name (every `health.type` but `none`). */
export type KindName = keyof typeof KINDS;
