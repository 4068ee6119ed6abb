// The registry file as written (services.yaml), as zod schemas. Objects are strict so an
// unknown key is an error, not silently ignored (as in shadcn's registry/schema.ts). No defaults
// and no transforms here: resolve.ts turns a valid file into the model in model.ts. The
// descriptions double as the hints of schema problems and as editor help in services.schema.json.
//
// Written with zod/mini, the functional form of the same zod: its schemas tree-shake, so the CLI
// bundle loads only what the registry uses. With the method-chaining form (`zod`) every command
// that reads a registry paid about 60 ms of start-up to load all of zod (measured with hyperfine).

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { parseDuration } from '../util/duration.js';
import { DEFAULTS } from './defaults.js';

// zod/mini leaves messages to a locale; the English one is what the method form loads itself.
z.config(en());

const SERVICE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const URL_PATH = /^\/[A-Za-z0-9._~/?=&%:-]*$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// The same grammar as parseDuration, repeated as a pattern so that editors can check it too.
const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:us|ms|s|m|h))+$';

/** A TCP port. */
export const PortNumberSchema = z.int().check(z.gte(1), z.lte(65535), z.describe('a whole number from 1 to 65535'));

/** A duration as Compose writes it. */
export const DurationSchema = z.string().check(
  z.refine((s) => parseDuration(s) !== undefined, {
    error: (iss) => `${JSON.stringify(iss.input)} is not a duration`,
    params: { hint: 'write a duration like 250ms, 5s, 2m or 1m30s' },
  }),
  z.meta({ pattern: DURATION_PATTERN, description: 'a duration like 250ms, 5s, 2m or 1m30s' }),
);

/** A URL path on the service: starts with `/`, URL-safe characters only. */
export const UrlPathSchema = z
  .string()
  .check(z.regex(URL_PATH), z.describe('a URL path that starts with / and holds only A-Z a-z 0-9 . _ ~ / ? = & % : -'));

const StatusSchema = z.int().check(z.gte(100), z.lte(599), z.describe('an HTTP status code, 100 to 599'));

/** A service name: Compose accepts only lowercase letters, digits and dashes here. */
export const ServiceNameSchema = z
  .string()
  .check(
    z.regex(SERVICE_NAME),
    z.describe('lowercase letters, digits and dashes, starting with a letter or digit (Compose rejects other names)'),
  );

const VariableNameSchema = z.string().check(z.regex(VARIABLE_NAME), z.describe('an environment variable name: letters, digits and _'));

const StringishSchema = z
  .union([z.string(), z.number(), z.boolean()])
  .check(z.describe('a string (numbers and booleans are turned into strings); may hold ${VAR} references'));

/** `schema`, optional, described: the mini form of `schema.optional().describe(text)`. */
const optional = <T extends z.ZodMiniType>(schema: T, description: string) => z.optional(schema).check(z.describe(description));

/** `schema`, optional, with a default that pyat fills in (documented for editors, not applied by zod). */
const defaulted = <T extends z.ZodMiniType>(schema: T, description: string, value: unknown) =>
  z.optional(schema).check(z.meta({ description, default: value }));

const timing = {
  interval: defaulted(DurationSchema, `poll period while the service starts (default ${DEFAULTS.interval})`, DEFAULTS.interval),
  timeout: defaulted(DurationSchema, `how long the service may take to become ready (default ${DEFAULTS.timeout})`, DEFAULTS.timeout),
};

/** `health: { type: postgres }`: connects and runs `SELECT 1`. */
export const PostgresHealthSchema = z
  .strictObject({
    type: z.literal('postgres'),
    user: optional(z.string(), 'default: the service env POSTGRES_USER, else "postgres"'),
    password: optional(z.string(), 'default: the service env POSTGRES_PASSWORD; may be a ${VAR} reference'),
    database: optional(z.string(), 'default: the service env POSTGRES_DB, else the user'),
    ...timing,
  })
  .check(z.describe('ready when a Postgres connection succeeds'));

/** `health: { type: redis }`: sends PING. */
export const RedisHealthSchema = z
  .strictObject({
    type: z.literal('redis'),
    password: optional(z.string(), 'default: the service env REDIS_PASSWORD; may be a ${VAR} reference'),
    ...timing,
  })
  .check(z.describe('ready when Redis answers PING'));

/** `health: { type: http }`: GETs a path on the published port. */
export const HttpHealthSchema = z
  .strictObject({
    type: z.literal('http'),
    path: defaulted(UrlPathSchema, `the path to GET (default ${DEFAULTS.httpPath})`, DEFAULTS.httpPath),
    expect: optional(StatusSchema, 'the status to expect (default: any 2xx)'),
    ...timing,
  })
  .check(z.describe('ready when GET path answers the expected status'));

/** `health: { type: tcp }`: connects to the published port. */
export const TcpHealthSchema = z
  .strictObject({ type: z.literal('tcp'), ...timing })
  .check(z.describe('ready when the published port accepts a TCP connection'));

/** `health: { type: none }`: ready as soon as the container runs. */
export const NoneHealthSchema = z
  .strictObject({ type: z.literal('none') })
  .check(z.describe('no probe: ready as soon as the container runs'));

/** How pyat decides that a service is ready. */
export const HealthSchema = z
  .discriminatedUnion('type', [PostgresHealthSchema, RedisHealthSchema, HttpHealthSchema, TcpHealthSchema, NoneHealthSchema])
  .check(z.describe('how pyat decides the service is ready: { type: postgres | redis | http | tcp | none, ... }'));

/** A published port: one number for both sides, or the long form. */
export const PortSchema = z
  .union([
    PortNumberSchema,
    z.strictObject({
      host: PortNumberSchema.check(z.describe('the port on the host')),
      container: PortNumberSchema.check(z.describe('the port inside the container')),
      bind: defaulted(
        z.union([z.ipv4(), z.ipv6()]),
        `the host address to bind: an IPv4 or IPv6 address (default ${DEFAULTS.bind})`,
        DEFAULTS.bind,
      ),
    }),
  ])
  .check(z.describe('a port number (the same on host and container) or { host, container, bind? }'));

// An image reference (registry/name:tag@digest), where ${VAR} may stand for a part as in Compose;
// anything else (spaces, ; | & quotes) is no image name and would only fail later, less clearly.
const IMAGE_REF = /^(?:[a-zA-Z0-9._/:@-]|\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?][^}]*)?\})+$/;

/** The image to run: a Docker image reference. */
export const ImageSchema = z
  .string()
  .check(
    z.regex(IMAGE_REF, { error: 'not an image reference' }),
    z.describe('the image to run (and the tag to give a built image): name[:tag][@digest], e.g. postgres:16-alpine'),
  );

/** How to build the image: a context directory, or Compose's long form. */
export const BuildSchema = z
  .union([
    z.string().check(z.minLength(1)),
    z.strictObject({
      context: z.string().check(z.minLength(1), z.describe('the build context directory, relative to the registry file')),
      dockerfile: optional(z.string().check(z.minLength(1)), 'the Dockerfile, relative to the context'),
      args: optional(z.record(z.string(), StringishSchema), 'build arguments'),
    }),
  ])
  .check(z.describe('a build context directory, or { context, dockerfile?, args? }'));

// Compose's restart policies (compose-spec `restart`); on-failure may cap the retries.
const RESTART_POLICY = /^(?:no|always|unless-stopped|on-failure(?::[1-9][0-9]*)?)$/;

/** What the engine does when the container exits, as in Compose. */
export const RestartSchema = z.string().check(
  z.refine((s) => RESTART_POLICY.test(s), {
    error: (iss) => `${JSON.stringify(iss.input)} is not a restart policy`,
    params: { hint: 'write no, always, unless-stopped, on-failure, or on-failure:N to stop after N retries' },
  }),
  z.meta({
    pattern: RESTART_POLICY.source,
    description:
      'what the engine does when the container exits, as in Compose: no (the default), always, unless-stopped, on-failure or on-failure:N',
  }),
);

/** One smoke check: an HTTP request against the published port and the answer it must get. */
export const SmokeCheckSchema = z
  .strictObject({
    name: optional(z.string().check(z.minLength(1)), 'default: "METHOD path"'),
    method: defaulted(
      z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']),
      `the HTTP method (default ${DEFAULTS.smokeMethod})`,
      DEFAULTS.smokeMethod,
    ),
    path: UrlPathSchema,
    expect: defaulted(StatusSchema, `the status to expect (default ${DEFAULTS.smokeExpect})`, DEFAULTS.smokeExpect),
    contains: optional(z.string(), 'text the body must contain'),
  })
  .check(z.describe('an HTTP request and the answer it must get'));

/** One service. */
export const ServiceSchema = z
  .strictObject({
    image: z.optional(ImageSchema),
    build: z.optional(BuildSchema),
    port: z.optional(PortSchema),
    depends_on: optional(z.array(z.string()), 'services that must be healthy before this one starts'),
    env: optional(
      z.record(z.string().check(z.regex(/^[^=\s]+$/)), StringishSchema),
      'environment variables; values may hold ${VAR} references',
    ),
    required_env: optional(z.array(VariableNameSchema), 'variables that must be set (in the environment or .env) for the service to work'),
    volumes: optional(z.array(z.string().check(z.minLength(1))), 'volumes in Compose short syntax, e.g. data:/var/lib/data'),
    command: optional(z.union([z.string(), z.array(z.string())]), 'the command: a string or a list of strings'),
    restart: z.optional(RestartSchema),
    profiles: optional(z.array(z.string().check(z.regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/))), 'Compose profiles the service belongs to'),
    infra: optional(z.boolean(), 'infrastructure (databases, caches, UI): its host port may lie outside port_range'),
    health: z.optional(HealthSchema),
    smoke: optional(z.array(SmokeCheckSchema), 'smoke checks run once the stack is up'),
  })
  .check(
    z.refine((s) => s.image !== undefined || s.build !== undefined, {
      error: 'the service has neither image nor build',
      params: { hint: 'add image: <name:tag>, or build: <context directory>' },
    }),
    z.describe('one service of the stack'),
  );

/** The whole registry file. */
export const RegistryFileSchema = z
  .strictObject({
    name: z
      .string()
      .check(
        z.regex(PROJECT_NAME),
        z.describe('the Compose project name: lowercase letters, digits, _ and -, starting with a letter or digit'),
      ),
    port_range: defaulted(
      z
        .tuple([PortNumberSchema, PortNumberSchema])
        .check(
          z.refine(([lo, hi]) => lo <= hi, { error: 'the low port is above the high port', params: { hint: 'write it as [low, high]' } }),
        ),
      `[low, high]: the host ports non-infra services must use (default [${DEFAULTS.portRange.join(', ')}])`,
      DEFAULTS.portRange,
    ),
    gate: defaulted(
      z.enum(['tiers', 'deps']),
      `what a service waits for before it starts: tiers (every service of the tier below ready) or deps (only what it depends on ready); default ${DEFAULTS.gate}`,
      DEFAULTS.gate,
    ),
    services: z.record(ServiceNameSchema, ServiceSchema).check(
      z.refine((s) => Object.keys(s).length > 0, { error: 'services is empty', params: { hint: 'declare at least one service' } }),
      z.describe('the services, by name'),
    ),
  })
  .check(
    z.meta({
      title: 'pyat registry (services.yaml)',
      description: 'The services of a local stack, their ports, dependencies and health probes.',
    }),
  );

export type RegistryFile = z.infer<typeof RegistryFileSchema>;
export type ServiceFile = z.infer<typeof ServiceSchema>;
export type HealthFile = z.infer<typeof HealthSchema>;
export type PortFile = z.infer<typeof PortSchema>;
export type BuildFile = z.infer<typeof BuildSchema>;
export type SmokeCheckFile = z.infer<typeof SmokeCheckSchema>;
