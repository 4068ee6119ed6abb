// A clock for tests, after testcontainers-node's: time moves only when the code sleeps (or a test
// calls advance()), so a 10-minute timeout runs in microseconds and every timing is exact.

import type { Clock } from '../../../src/util/clock.js';

/** A clock whose sleeps end on the next macrotask and move time forward by exactly their length. */
export class FakeClock implements Clock {
  private t = 0;
  /** Every sleep that ran to its end, in ms. */
  readonly sleeps: number[] = [];

  now(): number {
    return this.t;
  }

  /** Moves time forward, as a slow attempt would. */
  advance(ms: number): void {
    this.t += ms;
  }

  // setImmediate, not a microtask: a check that answers at once wins a race against a sleep, as in
  // real time; an aborted sleep ends without moving time.
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const onAbort = (): void => {
        clearImmediate(handle);
        resolve();
      };
      const handle = setImmediate(() => {
        signal?.removeEventListener('abort', onAbort);
        this.t += ms;
        this.sleeps.push(ms);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
