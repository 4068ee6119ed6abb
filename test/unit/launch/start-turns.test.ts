import { describe, expect, it } from 'vitest';
import { freeTurns, startTurns } from '../../../src/launch/start-turns.js';
import type { BootTime } from '../../../src/launch/start-urgency.js';
import { FakeClock } from '../../support/fake-clock.js';

const learned = new Map<string, BootTime>([
  ['slow', { start: 500, ready: 5000 }],
  ['fast', { start: 500, ready: 500 }],
]);
const urgency = new Map([
  ['slow', 5000],
  ['fast', 500],
]);

describe('turns at the engine’s start', () => {
  it('a start with time to spare waits until the urgent one’s start has returned, and says for whom', async () => {
    const clock = new FakeClock();
    const turns = startTurns(urgency, learned, clock);
    turns.due('slow');
    turns.due('fast');
    const held: string[] = [];
    let went: number | undefined;
    const fast = turns.turn('fast', new AbortController().signal, (first) => held.push(first)).then(() => (went = clock.now()));
    await turns.turn('slow', new AbortController().signal);
    await clock.sleep(300);
    expect(went).toBeUndefined();
    turns.done('slow');
    await fast;
    expect(went).toBe(300);
    expect(held).toEqual(['slow']);
  });

  it('goes anyway when the urgent start takes twice as long as it used to', async () => {
    const clock = new FakeClock();
    const turns = startTurns(urgency, learned, clock);
    turns.due('slow');
    turns.due('fast');
    await turns.turn('fast', new AbortController().signal);
    expect(clock.now()).toBe(1000);
  });

  it('Ctrl-C ends a wait at once', async () => {
    const clock = new FakeClock();
    const turns = startTurns(urgency, learned, clock);
    turns.due('slow');
    turns.due('fast');
    const ctl = new AbortController();
    const waiting = turns.turn('fast', ctl.signal);
    ctl.abort();
    await waiting;
    expect(clock.now()).toBe(0);
  });

  it('without learned times every start goes at once', async () => {
    const clock = new FakeClock();
    const turns = startTurns(new Map(), learned, clock);
    expect(turns).toBe(freeTurns);
    turns.due('slow');
    await turns.turn('fast', new AbortController().signal);
    expect(clock.now()).toBe(0);
  });
});
