// Time as an injected dependency, so that the poll loop can be tested with a fake clock
// (testcontainers-node `common/clock.ts` does the same for its retry loop).

/** Monotonic milliseconds and a sleep that ends early when its signal aborts. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (it never rejects: callers check `signal.aborted`). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. `performance.now()` is monotonic: a wall-clock jump (NTP, DST) cannot cut a wait short. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * Sleeps `ms` on `clock`, or less when `woken` (handed a signal that ends with the sleep) resolves
 * first; ends at once when `signal` aborts. True when `woken` ended it.
 */
export async function sleepOrWake(
  clock: Clock,
  ms: number,
  woken: (signal: AbortSignal) => Promise<void>,
  signal?: AbortSignal,
): Promise<boolean> {
  const ctl = new AbortController();
  const onAbort = (): void => ctl.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const woke = await Promise.race([clock.sleep(ms, ctl.signal).then(() => false), woken(ctl.signal).then(() => !ctl.signal.aborted)]);
  // Ends whichever of the two still waits (the sleep's timer, or the waker).
  ctl.abort();
  signal?.removeEventListener('abort', onAbort);
  return woke;
}
