// The resolved registry: what the rest of pyat works with, after parsing, merging the `-f` files,
// filling defaults and validating. Values stay as written (`${VAR}` references are kept), so that
// generated files never hold a secret; `resolveValue` in interpolate.ts resolves them where a
// probe needs the real value.

import type { SourceLocation } from '../errors.js';

/** A published port. `bind` is the host address (127.0.0.1 unless the registry says otherwise). */
export interface PortSpec {
  host: number;
  container: number;
  bind: string;
}

/** How to build an image, as in Compose's `build:` long form. */
export interface BuildSpec {
  context: string;
  dockerfile?: string;
  args: Record<string, string>;
  /** The stage of a multi-stage Dockerfile to build. */
  target?: string;
  /** The Dockerfile's text, in place of a file. */
  dockerfileInline?: string;
}

/** Resource limits of a container (Compose's `deploy.resources.limits`). */
export interface ResourcesSpec {
  /** As written: `512m`, `2g`. */
  memory?: string;
  cpus?: number;
}

/** Probe timing, in milliseconds. `interval` is the poll period while starting; `timeout` the start-up budget. */
export interface ProbeTiming {
  interval: number;
  timeout: number;
}

/**
 * How pyat decides that a service is ready. Credentials may be `${VAR}` references. `port` is the
 * container port a network probe targets (filled in by the resolver when anything names one).
 * Each kind lives in src/probes/kinds/.
 */
export type HealthSpec =
  | ({ type: 'postgres'; user: string; password?: string; database: string; port?: number } & ProbeTiming)
  | ({ type: 'redis'; password?: string; port?: number } & ProbeTiming)
  | ({ type: 'http'; path: string; expect?: number; port?: number } & ProbeTiming)
  | ({ type: 'tcp'; port?: number } & ProbeTiming)
  | ({ type: 'exec'; command: string | string[] } & ProbeTiming)
  | ({ type: 'grpc'; service?: string; port?: number } & ProbeTiming)
  | { type: 'none' };

/** A smoke check: one HTTP request and what its answer must be. */
export interface SmokeCheck {
  name: string;
  method: string;
  path: string;
  expect: number;
  contains?: string;
}

/** One service of the registry, resolved. */
export interface ServiceDef {
  name: string;
  image?: string;
  build?: BuildSpec;
  /** Published ports, in the order written (`port:` is a list of one); empty when it publishes none. */
  ports: PortSpec[];
  dependsOn: string[];
  /** Environment as written: values may hold `${VAR}` references. */
  env: Record<string, string>;
  requiredEnv: string[];
  volumes: string[];
  command?: string | string[];
  entrypoint?: string | string[];
  workingDir?: string;
  user?: string;
  /** env files as written, relative to the registry file. */
  envFile: string[];
  resources?: ResourcesSpec;
  /** A one-shot job: ready once its container has exited 0. */
  job: boolean;
  /** Compose service keys merged into the generated service as is. */
  compose?: Record<string, unknown>;
  /** Compose's restart policy, as written (`no` when absent). */
  restart?: string;
  profiles: string[];
  infra: boolean;
  health: HealthSpec;
  smoke: SmokeCheck[];
  /** Where the service is declared (the file and line of its key), for error messages. */
  location?: SourceLocation;
}

/** How `up` gates a start: on the whole tier below (`tiers`), or on the service's own dependencies (`deps`). */
export type Gate = 'tiers' | 'deps';

/** The whole registry, resolved. */
export interface Registry {
  /** The Compose project name. */
  name: string;
  portRange: [number, number];
  /** What a service waits for before it starts (`gate:`, default `tiers`); `--gate` overrides it. */
  gate: Gate;
  /** Services in declaration order. */
  services: Map<string, ServiceDef>;
  /** The registry files in the order they were merged; the first one names the project directory. */
  files: string[];
  /** The directory of the first registry file: relative build contexts, volumes and `.env` are resolved from it. */
  baseDir: string;
}
