// A wake-up call for the poll loop: something outside it (a starting container writing to its log)
// says that now is a good moment to look again, rather than at the next interval. Edge-triggered:
// a poke that comes while nobody waits is kept for the next wait, and `clear` forgets it once an
// attempt has started that sees whatever it announced.

/** Pokes from an event source, awaited by one waiter at a time. */
export class Nudge {
  private poked = false;
  private wake: (() => void) | undefined;

  /** Something happened: wakes the waiter, or the next one at once when none waits. */
  poke(): void {
    this.poked = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Forgets the pokes so far: an attempt that starts now sees what they announced. */
  clear(): void {
    this.poked = false;
  }

  /** Resolves at the next poke (at once when one came since `clear`), or when `signal` aborts; never rejects. */
  next(signal: AbortSignal): Promise<void> {
    if (this.poked || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      this.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
