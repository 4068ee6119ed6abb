// What every probe needs around one attempt: a time bound that holds even when a library ignores
// the signal, a latency, redaction of every detail, and a close() that waits for cleanup.

import { redact } from './redact.js';
import { describeSocketError, errorMessage } from '../util/net-errors.js';
import type { ProbeResult } from './types.js';

/** An attempt's answer before the runner adds latency and redaction. */
export type Verdict = Omit<ProbeResult, 'latencyMs'>;

/** A socket error of an HTTP or TCP probe as a pending verdict with a short detail: refused, reset, closed, timed out. */
export function socketErrorVerdict(err: unknown): Verdict {
  return { status: 'pending', detail: describeSocketError(err) ?? errorMessage(err) };
}

const STOPPED: Verdict = { status: 'pending', detail: 'stopped' };

/** One attempt of a probe: given a signal that aborts on timeout, abort or close; must clean up when it does. */
export type AttemptFn = (signal: AbortSignal) => Promise<Verdict>;

/** Runs a probe's attempts; one runner per probe, so that close() can stop what is in flight. */
export class AttemptRunner {
  private readonly closing = new AbortController();
  private readonly inflight = new Set<Promise<Verdict>>();

  constructor(
    private readonly timeoutMs: number,
    private readonly secrets: readonly (string | undefined)[],
  ) {}

  /** Runs `attempt`, turning what it throws into a verdict with `classify`; never throws, never outlives the timeout. */
  async run(signal: AbortSignal, attempt: AttemptFn, classify: (err: unknown) => Verdict): Promise<ProbeResult> {
    // Waiting cannot revive a closed probe: say so, rather than answer "pending" until the timeout.
    if (this.closing.signal.aborted) return { status: 'failed', detail: 'probe closed', latencyMs: 0 };
    if (signal.aborted) return { ...STOPPED, latencyMs: 0 };
    const started = performance.now();
    const ctl = new AbortController();
    // Widened: the narrowing to `false` misses that the timer below sets it.
    let timedOut = false as boolean;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, this.timeoutMs);
    const onAbort = (): void => ctl.abort();
    const sources = [signal, this.closing.signal];
    for (const s of sources) s.addEventListener('abort', onAbort, { once: true });
    // Raced against the attempt, so that a library that ignores the abort cannot hold the caller.
    const stopped = new Promise<undefined>((resolve) => ctl.signal.addEventListener('abort', () => resolve(undefined), { once: true }));
    const work = this.track(safely(attempt, ctl.signal, classify));
    try {
      const v = await Promise.race([work, stopped]);
      // The abort is checked first: an attempt that rejects because we destroyed its socket did not fail.
      const verdict: Verdict = timedOut
        ? { status: 'pending', detail: `no answer within ${this.timeoutMs}ms` }
        : ctl.signal.aborted || !v
          ? STOPPED
          : v;
      return { status: verdict.status, detail: redact(verdict.detail, this.secrets), latencyMs: Math.round(performance.now() - started) };
    } finally {
      clearTimeout(timer);
      for (const s of sources) s.removeEventListener('abort', onAbort);
    }
  }

  /** Stops attempts in flight and waits until they have released their sockets. */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.inflight]);
  }

  private track(work: Promise<Verdict>): Promise<Verdict> {
    this.inflight.add(work);
    void work.finally(() => this.inflight.delete(work));
    return work;
  }
}

async function safely(attempt: AttemptFn, signal: AbortSignal, classify: (err: unknown) => Verdict): Promise<Verdict> {
  try {
    return await attempt(signal);
  } catch (err) {
    try {
      return classify(err);
    } catch {
      return { status: 'pending', detail: errorMessage(err) };
    }
  }
}
