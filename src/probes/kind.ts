// What a probe kind is: everything about one `health.type` in one module (src/probes/kinds/) — its
// defaults and resolver, its driver, and how it says itself in each target (the Compose healthcheck;
// a Kubernetes probe would go beside it) — except the zod schema of its keys, which is in
// health-schemas.ts: the driver runs on every probe, the schema only when a registry is validated,
// and zod costs ~30 ms to load. Adding a kind is adding a module, naming it in kinds/index.ts and
// adding its schema to health-schemas.ts; the probe class around every driver is KindProbe.

import type { HealthSpec } from '../registry/model.js';
import type { AttemptFn, Verdict } from './attempt.js';
import type { ProbeTarget } from './types.js';

/** The resolved spec of one kind. */
export type SpecOf<T extends HealthSpec['type']> = Extract<HealthSpec, { type: T }>;

/** What the resolver of a kind reads besides the file's keys. */
export interface ResolveInput {
  /** The service's env as written (`${VAR}` kept): the official images' variables give credentials. */
  env: Record<string, string>;
}

/** One attempt's work and how its errors read, for a probe pointed at its target. */
export interface Driver {
  /** Where the probe looks, for messages; never with a password. */
  target: string;
  /** Values no detail may show. */
  secrets: readonly (string | undefined)[];
  attempt: AttemptFn;
  classify: (err: unknown) => Verdict;
}

/** One probe kind. `F` is its `health:` object as written. */
export interface ProbeKind<T extends Exclude<HealthSpec['type'], 'none'>, F extends { type: T }> {
  readonly type: T;
  /**
   * The container port a network kind targets when neither `health.port` nor a published port
   * names one (postgres 5432, redis 6379); `null` for a kind that reaches no port at all (exec).
   */
  readonly defaultPort: number | null | undefined;
  /** The kind's own fields of the resolved spec (timing and port are filled in by the caller). */
  resolve(file: F, input: ResolveInput): Omit<SpecOf<T>, 'interval' | 'timeout' | 'port'>;
  /** The driver of a probe of `spec` aimed at `target`. */
  driver(spec: SpecOf<T>, target: ProbeTarget, attemptTimeoutMs: number): Driver;
  /**
   * The Compose healthcheck `test` that checks the same from inside the container, or undefined
   * when the image cannot be expected to run one.
   */
  composeTest(spec: SpecOf<T>): string[] | undefined;
  /** Starts loading the kind's library without waiting (probing commands call it while the engine answers). */
  preload?(): void;
}
