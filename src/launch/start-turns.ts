// Turns at the engine's start: a service whose gate opened is due; before its start request it
// takes its turn, which waits while a due service on a clearly slower chain has not started yet
// (start-urgency.ts decides who goes first). The wait is bounded: a start that takes far longer
// than it used to holds nobody back for long.

import { sleepOrWake, type Clock } from '../util/clock.js';
import { startFirst, type BootTime } from './start-urgency.js';

/** The launch's side of the turns: what start-service.ts and execute.ts call. */
export interface StartTurns {
  /** `name`'s gate opened: it will start once its container is there and its turn comes. */
  due(name: string): void;
  /** Resolves when `name` may ask the engine to start it; `onHold` hears whom it lets go first. */
  turn(name: string, signal: AbortSignal, onHold?: (first: string) => void): Promise<void>;
  /** `name`'s start returned, or it will not start: whoever it held back may go. Idempotent. */
  done(name: string): void;
}

/** A held start goes anyway after this many times the expected start of the one it waits for. */
const HOLD_CAP_FACTOR = 2;

/** Turns that keep no order: every start goes at once (no learned times, or tests). */
export const freeTurns: StartTurns = {
  due: () => undefined,
  turn: () => Promise.resolve(),
  done: () => undefined,
};

/** Turns in the order of `urgency` (start-urgency.ts), with `learned` start times bounding each hold. */
export function startTurns(urgency: ReadonlyMap<string, number>, learned: ReadonlyMap<string, BootTime>, clock: Clock): StartTurns {
  if (urgency.size === 0) return freeTurns;
  const ahead = new Set<string>();
  let wake: (() => void)[] = [];
  return {
    due: (name) => {
      ahead.add(name);
    },
    done: (name) => {
      if (!ahead.delete(name)) return;
      const woken = wake;
      wake = [];
      for (const w of woken) w();
    },
    async turn(name, signal, onHold) {
      let first = startFirst(name, ahead, urgency, learned);
      if (first === undefined) return;
      onHold?.(first);
      const until = clock.now() + HOLD_CAP_FACTOR * (learned.get(first)?.start ?? 0);
      while (first !== undefined && !signal.aborted && clock.now() < until) {
        // Woken when any start returns (`done`), then asks again whom it still waits for.
        await sleepOrWake(clock, until - clock.now(), () => new Promise<void>((resolve) => wake.push(resolve)), signal);
        first = startFirst(name, ahead, urgency, learned);
      }
    },
  };
}
