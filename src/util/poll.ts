// The one loop in pyat that waits. Probes answer a single attempt (done / keep polling / failed,
// as docker/compose `waitDependency` in pkg/compose/convergence.go); this loop owns the timing.

import { sleepOrWake, type Clock } from './clock.js';
import type { Nudge } from './nudge.js';

/**
 * What one check answers. The same shape as `ProbeResult` in src/probes/types.ts, declared here
 * because util/ sits below probes/ and must not import from it.
 */
export interface CheckResult {
  status: 'ready' | 'pending' | 'failed';
  detail: string;
  latencyMs: number;
}

/** Timing and hooks of one wait. `interval` and `timeout` are in ms, as in the registry. */
export interface PollOptions {
  interval: number;
  timeout: number;
  clock: Clock;
  signal?: AbortSignal;
  /** Called after every check, for progress output. */
  onAttempt?: (r: CheckResult, attempt: number) => void;
  /** Asked before every attempt; a `failed` answer (e.g. "container exited 3") ends the wait at once. A throw propagates. */
  failFast?: () => Promise<CheckResult | undefined>;
  /**
   * Ends the wait between two attempts early (the container wrote to its log): the next attempt
   * then runs at once, though never sooner than `interval / NUDGE_FLOOR` after the previous one started.
   */
  nudge?: Nudge;
}

/** How a wait ended, with the last answer and the last few distinct error details. */
export interface PollResult {
  status: 'ready' | 'failed' | 'timeout' | 'aborted';
  last: CheckResult | undefined;
  attempts: number;
  elapsedMs: number;
  errors: string[];
}

const KEEP_ERRORS = 5;
// A nudged attempt comes at most this many times as often as the interval would have it: a
// service that logs a line every millisecond while it starts is not probed every millisecond.
export const NUDGE_FLOOR = 4;
const ABORTED: unique symbol = Symbol('aborted');
const CUT_OFF: unique symbol = Symbol('cut off by the deadline');

/**
 * Checks at once, then every `interval` from the start of the previous attempt (or sooner when
 * nudged), until an answer ends it.
 */
export async function pollUntil(check: (signal: AbortSignal) => Promise<CheckResult>, opts: PollOptions): Promise<PollResult> {
  const { clock, signal } = opts;
  const start = clock.now();
  const deadline = start + opts.timeout;
  let errors: string[] = [];
  let last: CheckResult | undefined;
  let attempts = 0;
  const end = (status: PollResult['status']): PollResult => ({ status, last, attempts, elapsedMs: clock.now() - start, errors });
  const remember = (r: CheckResult): void => {
    last = r;
    // Most recent last, each detail once: a flapping "refused / reset / refused" reads as two causes.
    if (r.status !== 'ready') errors = [...errors.filter((e) => e !== r.detail), r.detail].slice(-KEEP_ERRORS);
  };

  for (;;) {
    if (signal?.aborted) return end('aborted');
    const attemptStart = clock.now();
    opts.nudge?.clear();
    // A fail-fast check cut off by the abort (an engine call ended by Ctrl-C) is the abort, not an error.
    const fatal = await opts.failFast?.().catch((err: unknown) => {
      if (signal?.aborted) return undefined;
      throw err;
    });
    if (signal?.aborted) return end('aborted');
    if (fatal?.status === 'failed') {
      remember(fatal);
      return end('failed');
    }
    attempts += 1;
    const r = await attempt(check, clock, deadline, signal);
    if (r === ABORTED) return end('aborted');
    // An attempt cut short by the deadline says nothing about the service: the error worth
    // reporting is the last real answer (say, a 503's reason), so keep that one when there is one.
    if (r === CUT_OFF) {
      if (!last) remember(pendingAfter(attemptStart, clock, `no answer within the ${opts.timeout}ms timeout`));
      return end('timeout');
    }
    remember(r);
    opts.onAttempt?.(r, attempts);
    if (r.status !== 'pending') return end(r.status);
    // The interval counts from the attempt's start, so a slow attempt does not stretch the period.
    const now = clock.now();
    if (now >= deadline) return end('timeout');
    const wait = Math.min(attemptStart + opts.interval, deadline) - now;
    if (wait > 0) await pause(wait, attemptStart, opts);
    if (signal?.aborted) return end('aborted');
    if (clock.now() >= deadline) return end('timeout');
  }
}

/** Sleeps `ms`; a nudge ends the sleep sooner, though not before `interval / NUDGE_FLOOR` after the attempt's start. */
async function pause(ms: number, attemptStart: number, opts: PollOptions): Promise<void> {
  const { clock, nudge, signal } = opts;
  if (!nudge) return clock.sleep(ms, signal);
  const nudged = await sleepOrWake(clock, ms, (s) => nudge.next(s), signal);
  const floor = attemptStart + opts.interval / NUDGE_FLOOR - clock.now();
  if (nudged && floor > 0) await clock.sleep(floor, signal);
}

/** Runs one check, cut short by the overall deadline or the caller's abort; a throw counts as pending. */
async function attempt(
  check: (signal: AbortSignal) => Promise<CheckResult>,
  clock: Clock,
  deadline: number,
  outer: AbortSignal | undefined,
): Promise<CheckResult | typeof ABORTED | typeof CUT_OFF> {
  const started = clock.now();
  const ctl = new AbortController();
  const onAbort = (): void => ctl.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  try {
    // Probes classify their own errors; a throw here is unexpected but must not end the wait silently.
    const checked = check(ctl.signal).catch((err: unknown) => pendingAfter(started, clock, errorText(err)));
    const cutoff = clock.sleep(Math.max(0, deadline - clock.now()), ctl.signal).then((): typeof CUT_OFF => CUT_OFF);
    const r = await Promise.race([checked, cutoff]);
    return outer?.aborted ? ABORTED : r;
  } finally {
    // Ends the cutoff timer, and tells a check still running (cut off by the deadline) to stop.
    ctl.abort();
    outer?.removeEventListener('abort', onAbort);
  }
}

function pendingAfter(started: number, clock: Clock, detail: string): CheckResult {
  return { status: 'pending', detail, latencyMs: clock.now() - started };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
