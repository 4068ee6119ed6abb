// A clock for tests, after testcontainers-node's: time moves only when the code sleeps (or a test
// calls advance()), so a 10-minute timeout runs in microseconds and every timing is exact. Sleeps
// are timers on a virtual time line: when nothing else can run, time jumps to the earliest timer,
// so many services waiting at once (a launch) see one shared time, not the sum of their sleeps.

import type { Clock } from '../../src/util/clock.js';

interface Timer {
  at: number;
  ms: number;
  resolve: () => void;
}

/** A virtual clock: a sleep ends when the time line reaches it, and time reaches it once everything else is idle. */
export class FakeClock implements Clock {
  private t = 0;
  private readonly timers = new Set<Timer>();
  private ticking = false;
  /** Every sleep that ran to its end, in ms. */
  readonly sleeps: number[] = [];

  now(): number {
    return this.t;
  }

  /** Moves time forward, as a slow attempt would. */
  advance(ms: number): void {
    this.t += ms;
  }

  // The jump waits for setImmediate: every promise chain that can go on without time has gone on
  // (a check that answers at once wins a race against a sleep, as in real time). An aborted sleep
  // ends without moving time.
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const timer: Timer = {
        at: this.t + Math.max(0, ms),
        ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.timers.delete(timer);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.add(timer);
      this.tick();
    });
  }

  private tick(): void {
    if (this.ticking) return;
    this.ticking = true;
    setImmediate(() => {
      this.ticking = false;
      if (this.timers.size === 0) return;
      const at = Math.min(...[...this.timers].map((x) => x.at));
      this.t = Math.max(this.t, at);
      for (const timer of [...this.timers].filter((x) => x.at <= this.t)) {
        this.timers.delete(timer);
        this.sleeps.push(timer.ms);
        timer.resolve();
      }
      if (this.timers.size > 0) this.tick();
    });
  }
}
