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
}

/** Probe timing, in milliseconds. `interval` is the poll period while starting; `timeout` the start-up budget. */
export interface ProbeTiming {
  interval: number;
  timeout: number;
}

/** How pyat decides that a service is ready. Credentials may be `${VAR}` references. */
export type HealthSpec =
  | ({ type: 'postgres'; user: string; password?: string; database: string } & ProbeTiming)
  | ({ type: 'redis'; password?: string } & ProbeTiming)
  | ({ type: 'http'; path: string; expect?: number } & ProbeTiming)
  | ({ type: 'tcp' } & ProbeTiming)
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
  port?: PortSpec;
  dependsOn: string[];
  /** Environment as written: values may hold `${VAR}` references. */
  env: Record<string, string>;
  requiredEnv: string[];
  volumes: string[];
  command?: string | string[];
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
