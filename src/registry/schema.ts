// The registry file as written (services.yaml), as zod schemas. Objects are strict so an
// unknown key is an error, not silently ignored (as in shadcn's registry/schema.ts). No defaults
// and no transforms here: resolve.ts turns a valid file into the model in model.ts. The
// descriptions double as the hints of schema problems and as editor help in services.schema.json.
//
// Written with zod/mini, the functional form of the same zod: its schemas tree-shake, so the CLI
// bundle loads only what the registry uses. With the method-chaining form (`zod`) every command
// that reads a registry paid about 60 ms of start-up to load all of zod (measured with hyperfine).

import * as z from 'zod/mini';
import { HEALTH_SCHEMAS } from '../probes/health-schemas.js';
import { DEFAULTS } from './defaults.js';
import { defaulted, optional, PortNumberSchema, StatusSchema, UrlPathSchema } from './schema-parts.js';
import { PROJECT_NAME } from './names.js';

const SERVICE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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

/** `health: { type: none }`: ready as soon as the container runs. */
export const NoneHealthSchema = z
  .strictObject({ type: z.literal('none') })
  .check(z.describe('no probe: ready as soon as the container runs'));

/** How pyat decides that a service is ready: one schema per probe kind (src/probes/health-schemas.ts), and `none`. */
export const HealthSchema = z
  .discriminatedUnion('type', [...HEALTH_SCHEMAS, NoneHealthSchema])
  .check(z.describe('how pyat decides the service is ready: { type: postgres | redis | http | tcp | exec | grpc | none, ... }'));

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
      target: optional(z.string().check(z.minLength(1)), 'the stage of a multi-stage Dockerfile to build'),
      dockerfile_inline: optional(z.string().check(z.minLength(1)), 'the Dockerfile itself, instead of a file (Compose v2 only)'),
    }),
  ])
  .check(z.describe('a build context directory, or { context, dockerfile?, args?, target?, dockerfile_inline? }'));

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

// Compose's memory sizes (compose-spec "byte value"): a number and an optional b, k, m or g unit.
const BYTE_SIZE = /^[0-9]+(?:\.[0-9]+)?[bkmg]?b?$/i;

/** Resource limits of a container, as Compose's `deploy.resources.limits`. */
export const ResourcesSchema = z
  .strictObject({
    memory: optional(
      z.string().check(z.regex(BYTE_SIZE, { error: 'not a memory size' })),
      'the memory limit: a number with a unit, e.g. 512m or 2g',
    ),
    cpus: optional(z.number().check(z.gt(0)), 'the CPU limit in cores, e.g. 0.5'),
  })
  .check(z.describe('resource limits: { memory: 512m, cpus: 0.5 }'));

/** A string, or a list of strings (Compose's `string_or_list`). */
const StringOrListSchema = z.union([z.string().check(z.minLength(1)), z.array(z.string())]);

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
    port: optional(PortSchema, 'one published port: the shorthand for a ports list of one (not beside ports)'),
    ports: optional(z.array(PortSchema), 'the published ports, each a number or { host, container, bind? }; none: publish nothing'),
    depends_on: optional(z.array(z.string()), 'services that must be healthy before this one starts'),
    env: optional(
      z.record(z.string().check(z.regex(/^[^=\s]+$/)), StringishSchema),
      'environment variables; values may hold ${VAR} references',
    ),
    required_env: optional(z.array(VariableNameSchema), 'variables that must be set (in the environment or .env) for the service to work'),
    volumes: optional(z.array(z.string().check(z.minLength(1))), 'volumes in Compose short syntax, e.g. data:/var/lib/data'),
    command: optional(z.union([z.string(), z.array(z.string())]), 'the command: a string or a list of strings'),
    entrypoint: optional(StringOrListSchema, "replaces the image's entrypoint: a string or a list of strings"),
    working_dir: optional(z.string().check(z.minLength(1)), 'the working directory inside the container'),
    user: optional(z.string().check(z.minLength(1)), 'the user (and group) the process runs as: name, uid or uid:gid'),
    env_file: optional(StringOrListSchema, 'files of KEY=value lines for the environment, relative to the registry file'),
    resources: z.optional(ResourcesSchema),
    job: optional(z.boolean(), 'a one-shot job (migrations, seeding): its dependents start once it has exited 0; no probe, no port'),
    compose: optional(
      z.record(z.string(), z.unknown()),
      "Compose service keys pyat has no key for, merged into the generated service as is (pyat's own keys are refused)",
    ),
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
export type ResourcesFile = z.infer<typeof ResourcesSchema>;
export type SmokeCheckFile = z.infer<typeof SmokeCheckSchema>;
