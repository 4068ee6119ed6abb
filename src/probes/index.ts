// Builds the probe for a service's `health:` spec: the kind's driver (src/probes/kinds/) inside
// the one probe class. The caller resolves `${VAR}` references first (see src/registry/model.ts):
// probes only ever see real values, and never print them.

import type { HealthSpec } from '../registry/model.js';
import { AttemptRunner, type AttemptFn, type Verdict } from './attempt.js';
import type { Driver, ProbeKind } from './kind.js';
import { KINDS } from './kinds/index.js';
import type { Probe, ProbeResult, ProbeTarget } from './types.js';

export type { Probe, ProbeResult, ProbeTarget } from './types.js';
export { redact } from './redact.js';

/** A health spec that has a probe (everything but `none`). */
export type ProbeSpec = Exclude<HealthSpec, { type: 'none' }>;

/** Per-probe options: how long one attempt may take. */
export interface ProbeOptions {
  attemptTimeoutMs?: number;
}

// One attempt must end well before the start-up budget, or a single stuck connection eats it all.
const MAX_ATTEMPT_MS = 2000;

/** A probe of any kind: the kind's driver, run by an AttemptRunner (time bound, latency, redaction). */
class KindProbe implements Probe {
  readonly target: string;
  private readonly runner: AttemptRunner;
  private readonly attempt: AttemptFn;
  private readonly classify: (err: unknown) => Verdict;

  constructor(
    readonly kind: string,
    driver: Driver,
    attemptTimeoutMs: number,
  ) {
    this.target = driver.target;
    this.attempt = driver.attempt;
    this.classify = driver.classify;
    this.runner = new AttemptRunner(attemptTimeoutMs, driver.secrets);
  }

  check(signal: AbortSignal): Promise<ProbeResult> {
    return this.runner.run(signal, this.attempt, this.classify);
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}

/** The kind module of a spec (each entry of KINDS is the kind of its own key). */
function kindOf(spec: ProbeSpec): ProbeKind<ProbeSpec['type'], { type: ProbeSpec['type'] }> {
  return KINDS[spec.type];
}

/** Creates the probe for `spec`, pointed at `target`; `target.credentials` override the spec's (possibly `${VAR}`) values. */
export function createProbe(spec: ProbeSpec, target: ProbeTarget, opts: ProbeOptions = {}): Probe {
  const attemptTimeoutMs = opts.attemptTimeoutMs ?? Math.min(MAX_ATTEMPT_MS, spec.timeout);
  const driver = kindOf(spec).driver(spec, target, attemptTimeoutMs);
  return new KindProbe(spec.type, { ...driver, secrets: [...driver.secrets, ...(target.secrets ?? [])] }, attemptTimeoutMs);
}

/**
 * Starts loading the drivers that probes of these kinds will need, without waiting: their code is
 * most of what a probing command compiles, and this way it loads while the engine is being asked.
 */
export function preloadDrivers(kinds: Iterable<HealthSpec['type']>): void {
  for (const type of new Set(kinds)) if (type !== 'none') KINDS[type].preload?.();
}
