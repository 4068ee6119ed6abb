// The zod schemas of every probe kind's `health:` keys as written, for the registry's discriminated
// union. Apart from the kinds (src/probes/kinds/), which import only their types: a kind's driver
// runs on every probe, its schema only when a registry is validated, and zod costs ~30 ms to load —
// so a command whose registry comes from a cache probes without loading zod at all.

import * as z from 'zod/mini';
import { DEFAULTS } from '../registry/defaults.js';
import { defaulted, optional, probePort, StatusSchema, timing, UrlPathSchema } from '../registry/schema-parts.js';

/** A kind's `health:` object as written: its `type`, its own keys, the poll timing, and what "ready" means. */
function kindSchema<T extends string, K extends z.core.$ZodLooseShape>(type: T, keys: K, ready: string) {
  return z.strictObject({ type: z.literal(type), ...keys, ...timing }).check(z.describe(ready));
}

/** `health: { type: postgres }` as written. */
export const PostgresHealthSchema = kindSchema(
  'postgres',
  {
    user: optional(z.string(), 'default: the service env POSTGRES_USER, else "postgres"'),
    password: optional(z.string(), 'default: the service env POSTGRES_PASSWORD; may be a ${VAR} reference'),
    database: optional(z.string(), 'default: the service env POSTGRES_DB, else the user'),
    port: probePort,
  },
  'ready when a Postgres connection succeeds',
);

/** `health: { type: redis }` as written. */
export const RedisHealthSchema = kindSchema(
  'redis',
  { password: optional(z.string(), 'default: the service env REDIS_PASSWORD; may be a ${VAR} reference'), port: probePort },
  'ready when Redis answers PING',
);

/** `health: { type: http }` as written. */
export const HttpHealthSchema = kindSchema(
  'http',
  {
    path: defaulted(UrlPathSchema, `the path to GET (default ${DEFAULTS.httpPath})`, DEFAULTS.httpPath),
    expect: optional(StatusSchema, 'the status to expect (default: any 2xx)'),
    port: probePort,
  },
  'ready when GET path answers the expected status',
);

/** `health: { type: tcp }` as written. */
export const TcpHealthSchema = kindSchema('tcp', { port: probePort }, 'ready when the port accepts a TCP connection');

/** `health: { type: exec }` as written. */
export const ExecHealthSchema = kindSchema(
  'exec',
  {
    command: z
      .union([z.string().check(z.minLength(1)), z.array(z.string()).check(z.minLength(1))])
      .check(z.describe('the command to run in the container: a list run as is, or a string run through sh -c')),
  },
  'ready when a command run inside the container exits 0',
);

/** `health: { type: grpc }` as written. */
export const GrpcHealthSchema = kindSchema(
  'grpc',
  { service: optional(z.string(), 'the service name to ask about (default "": the server as a whole)'), port: probePort },
  'ready when grpc.health.v1.Health/Check answers SERVING',
);

/** Each kind's `health:` schema, for the registry's discriminated union. */
export const HEALTH_SCHEMAS = [
  PostgresHealthSchema,
  RedisHealthSchema,
  HttpHealthSchema,
  TcpHealthSchema,
  ExecHealthSchema,
  GrpcHealthSchema,
] as const;
