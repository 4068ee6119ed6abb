// The registry file as written (services.yaml), as zod schemas. Objects are `.strict()` so an
// unknown key is an error, not silently ignored (as in shadcn's registry/schema.ts). No defaults
// and no transforms here: resolve.ts turns a valid file into the model in model.ts. The
// descriptions double as the hints of schema problems and as editor help in services.schema.json.

import { z } from 'zod';
import { parseDuration } from '../util/duration.js';
import { DEFAULTS } from './defaults.js';

const SERVICE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const URL_PATH = /^\/[A-Za-z0-9._~/?=&%:-]*$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// The same grammar as parseDuration, repeated as a pattern so that editors can check it too.
const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:us|ms|s|m|h))+$';

/** A TCP port. */
export const PortNumberSchema = z.number().int().min(1).max(65535).describe('a whole number from 1 to 65535');

/** A duration as Compose writes it. */
export const DurationSchema = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, {
    error: (iss) => `${JSON.stringify(iss.input)} is not a duration`,
    params: { hint: 'write a duration like 250ms, 5s, 2m or 1m30s' },
  })
  .meta({ pattern: DURATION_PATTERN, description: 'a duration like 250ms, 5s, 2m or 1m30s' });

/** A URL path on the service: starts with `/`, URL-safe characters only. */
export const UrlPathSchema = z
  .string()
  .regex(URL_PATH)
  .describe('a URL path that starts with / and holds only A-Z a-z 0-9 . _ ~ / ? = & % : -');

const StatusSchema = z.number().int().min(100).max(599).describe('an HTTP status code, 100 to 599');

/** A service name: Compose accepts only lowercase letters, digits and dashes here. */
export const ServiceNameSchema = z
  .string()
  .regex(SERVICE_NAME)
  .describe('lowercase letters, digits and dashes, starting with a letter or digit (Compose rejects other names)');

const VariableNameSchema = z.string().regex(VARIABLE_NAME).describe('an environment variable name: letters, digits and _');

const StringishSchema = z
  .union([z.string(), z.number(), z.boolean()])
  .describe('a string (numbers and booleans are turned into strings); may hold ${VAR} references');

const timing = {
  interval: DurationSchema.optional().meta({ description: `poll period while the service starts (default ${DEFAULTS.interval})`, default: DEFAULTS.interval }),
  timeout: DurationSchema.optional().meta({ description: `how long the service may take to become ready (default ${DEFAULTS.timeout})`, default: DEFAULTS.timeout }),
};

/** `health: { type: postgres }`: connects and runs `SELECT 1`. */
export const PostgresHealthSchema = z
  .object({
    type: z.literal('postgres'),
    user: z.string().optional().describe('default: the service env POSTGRES_USER, else "postgres"'),
    password: z.string().optional().describe('default: the service env POSTGRES_PASSWORD; may be a ${VAR} reference'),
    database: z.string().optional().describe('default: the service env POSTGRES_DB, else the user'),
    ...timing,
  })
  .strict()
  .describe('ready when a Postgres connection succeeds');

/** `health: { type: redis }`: sends PING. */
export const RedisHealthSchema = z
  .object({
    type: z.literal('redis'),
    password: z.string().optional().describe('default: the service env REDIS_PASSWORD; may be a ${VAR} reference'),
    ...timing,
  })
  .strict()
  .describe('ready when Redis answers PING');

/** `health: { type: http }`: GETs a path on the published port. */
export const HttpHealthSchema = z
  .object({
    type: z.literal('http'),
    path: UrlPathSchema.optional().meta({ description: `the path to GET (default ${DEFAULTS.httpPath})`, default: DEFAULTS.httpPath }),
    expect: StatusSchema.optional().describe('the status to expect (default: any 2xx)'),
    ...timing,
  })
  .strict()
  .describe('ready when GET path answers the expected status');

/** `health: { type: tcp }`: connects to the published port. */
export const TcpHealthSchema = z
  .object({ type: z.literal('tcp'), ...timing })
  .strict()
  .describe('ready when the published port accepts a TCP connection');

/** `health: { type: none }`: ready as soon as the container runs. */
export const NoneHealthSchema = z
  .object({ type: z.literal('none') })
  .strict()
  .describe('no probe: ready as soon as the container runs');

/** The probe kinds, by `type`. */
export const HealthSchemas = {
  postgres: PostgresHealthSchema,
  redis: RedisHealthSchema,
  http: HttpHealthSchema,
  tcp: TcpHealthSchema,
  none: NoneHealthSchema,
} as const;

/** How pyat decides that a service is ready. */
export const HealthSchema = z
  .discriminatedUnion('type', [PostgresHealthSchema, RedisHealthSchema, HttpHealthSchema, TcpHealthSchema, NoneHealthSchema])
  .describe('how pyat decides the service is ready: { type: postgres | redis | http | tcp | none, ... }');

/** A published port: one number for both sides, or the long form. */
export const PortSchema = z
  .union([
    PortNumberSchema,
    z
      .object({
        host: PortNumberSchema.describe('the port on the host'),
        container: PortNumberSchema.describe('the port inside the container'),
        bind: z
          .union([z.ipv4(), z.ipv6()])
          .optional()
          .meta({ description: `the host address to bind: an IPv4 or IPv6 address (default ${DEFAULTS.bind})`, default: DEFAULTS.bind }),
      })
      .strict(),
  ])
  .describe('a port number (the same on host and container) or { host, container, bind? }');

// An image reference (registry/name:tag@digest), where ${VAR} may stand for a part as in Compose;
// anything else (spaces, ; | & quotes) is no image name and would only fail later, less clearly.
const IMAGE_REF = /^(?:[a-zA-Z0-9._\/:@-]|\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?][^}]*)?\})+$/;

/** The image to run: a Docker image reference. */
export const ImageSchema = z
  .string()
  .regex(IMAGE_REF, { error: 'not an image reference' })
  .describe('the image to run (and the tag to give a built image): name[:tag][@digest], e.g. postgres:16-alpine');

/** How to build the image: a context directory, or Compose's long form. */
export const BuildSchema = z
  .union([
    z.string().min(1),
    z
      .object({
        context: z.string().min(1).describe('the build context directory, relative to the registry file'),
        dockerfile: z.string().min(1).optional().describe('the Dockerfile, relative to the context'),
        args: z.record(z.string(), StringishSchema).optional().describe('build arguments'),
      })
      .strict(),
  ])
  .describe('a build context directory, or { context, dockerfile?, args? }');

/** One smoke check: an HTTP request against the published port and the answer it must get. */
export const SmokeCheckSchema = z
  .object({
    name: z.string().min(1).optional().describe('default: "METHOD path"'),
    method: z
      .enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
      .optional()
      .meta({ description: `the HTTP method (default ${DEFAULTS.smokeMethod})`, default: DEFAULTS.smokeMethod }),
    path: UrlPathSchema,
    expect: StatusSchema.optional().meta({ description: `the status to expect (default ${DEFAULTS.smokeExpect})`, default: DEFAULTS.smokeExpect }),
    contains: z.string().optional().describe('text the body must contain'),
  })
  .strict()
  .describe('an HTTP request and the answer it must get');

/** One service. */
export const ServiceSchema = z
  .object({
    image: ImageSchema.optional(),
    build: BuildSchema.optional(),
    port: PortSchema.optional(),
    depends_on: z.array(z.string()).optional().describe('services that must be healthy before this one starts'),
    env: z.record(z.string().regex(/^[^=\s]+$/), StringishSchema).optional().describe('environment variables; values may hold ${VAR} references'),
    required_env: z.array(VariableNameSchema).optional().describe('variables that must be set (in the environment or .env) for the service to work'),
    volumes: z.array(z.string().min(1)).optional().describe('volumes in Compose short syntax, e.g. data:/var/lib/data'),
    command: z.union([z.string(), z.array(z.string())]).optional().describe('the command: a string or a list of strings'),
    profiles: z.array(z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)).optional().describe('Compose profiles the service belongs to'),
    infra: z.boolean().optional().describe('infrastructure (databases, caches, UI): its host port may lie outside port_range'),
    health: HealthSchema.optional(),
    smoke: z.array(SmokeCheckSchema).optional().describe('smoke checks run once the stack is up'),
  })
  .strict()
  .refine((s) => s.image !== undefined || s.build !== undefined, {
    error: 'the service has neither image nor build',
    params: { hint: 'add image: <name:tag>, or build: <context directory>' },
  })
  .describe('one service of the stack');

/** The whole registry file. */
export const RegistryFileSchema = z
  .object({
    name: z.string().regex(PROJECT_NAME).describe('the Compose project name: lowercase letters, digits, _ and -, starting with a letter or digit'),
    port_range: z
      .tuple([PortNumberSchema, PortNumberSchema])
      .refine(([lo, hi]) => lo <= hi, { error: 'the low port is above the high port', params: { hint: 'write it as [low, high]' } })
      .optional()
      .meta({ description: `[low, high]: the host ports non-infra services must use (default [${DEFAULTS.portRange.join(', ')}])`, default: DEFAULTS.portRange }),
    services: z
      .record(ServiceNameSchema, ServiceSchema)
      .refine((s) => Object.keys(s).length > 0, { error: 'services is empty', params: { hint: 'declare at least one service' } })
      .describe('the services, by name'),
  })
  .strict()
  .meta({ title: 'pyat registry (services.yaml)', description: 'The services of a local stack, their ports, dependencies and health probes.' });

export type RegistryFile = z.infer<typeof RegistryFileSchema>;
export type ServiceFile = z.infer<typeof ServiceSchema>;
export type HealthFile = z.infer<typeof HealthSchema>;
export type PortFile = z.infer<typeof PortSchema>;
export type BuildFile = z.infer<typeof BuildSchema>;
export type SmokeCheckFile = z.infer<typeof SmokeCheckSchema>;
