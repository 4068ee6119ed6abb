import { describe, expect, it } from 'vitest';
import { Nudge } from '../../../src/util/nudge.js';
import { NUDGE_FLOOR, pollUntil, type CheckResult } from '../../../src/util/poll.js';
import { FakeClock } from '../../support/fake-clock.js';

const INTERVAL = 100;
const ready: CheckResult = { status: 'ready', detail: 'HTTP 200', latencyMs: 0 };
const pending: CheckResult = { status: 'pending', detail: 'connection refused', latencyMs: 0 };

/** A check that is ready from `readyAt` on (fake clock) and records when each attempt started. */
function readyFrom(clock: FakeClock, readyAt: number, takes = 0) {
  const starts: number[] = [];
  const check = async (): Promise<CheckResult> => {
    starts.push(clock.now());
    const answer = clock.now() >= readyAt ? ready : pending;
    if (takes > 0) await clock.sleep(takes);
    return answer;
  };
  return { check, starts };
}

/** Pokes `nudge` at each of `times` on the fake clock. */
function pokeAt(clock: FakeClock, nudge: Nudge, ...times: number[]): void {
  for (const t of times) void clock.sleep(t).then(() => nudge.poke());
}

describe('pollUntil with a nudge (a container wrote to its output)', () => {
  it('probes when nudged instead of at the next interval', async () => {
    const clock = new FakeClock();
    const nudge = new Nudge();
    const { check, starts } = readyFrom(clock, 230);
    pokeAt(clock, nudge, 230);
    const r = await pollUntil(check, { interval: INTERVAL, timeout: 10_000, clock, nudge });
    expect(r).toMatchObject({ status: 'ready', elapsedMs: 230 });
    expect(starts).toEqual([0, 100, 200, 230]);
  });

  it('without a nudge it probes every interval, as before', async () => {
    const clock = new FakeClock();
    const { check, starts } = readyFrom(clock, 230);
    const r = await pollUntil(check, { interval: INTERVAL, timeout: 10_000, clock, nudge: new Nudge() });
    expect(r).toMatchObject({ status: 'ready', elapsedMs: 300 });
    expect(starts).toEqual([0, 100, 200, 300]);
  });

  it(`never probes sooner than interval / ${NUDGE_FLOOR} after the previous attempt, however often it is nudged`, async () => {
    const clock = new FakeClock();
    const nudge = new Nudge();
    const { check, starts } = readyFrom(clock, 1000);
    pokeAt(clock, nudge, ...Array.from({ length: 100 }, (_, i) => i * 3));
    await pollUntil(check, { interval: INTERVAL, timeout: 320, clock, nudge });
    expect(starts.slice(0, 4)).toEqual([0, 25, 50, 75]);
    for (let i = 1; i < starts.length; i += 1) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(INTERVAL / NUDGE_FLOOR);
  });

  it('a nudge during an attempt brings the next one forward; one before an attempt is seen by it and brings nothing forward', async () => {
    const clock = new FakeClock();
    const nudge = new Nudge();
    nudge.poke(); // before the first attempt: that attempt sees it
    const { check, starts } = readyFrom(clock, 40, 40);
    pokeAt(clock, nudge, 20); // while the first attempt runs (0–40)
    const r = await pollUntil(check, { interval: INTERVAL, timeout: 10_000, clock, nudge });
    expect(starts).toEqual([0, 40]);
    expect(r.status).toBe('ready');
  });

  it('Ctrl-C during a nudged wait ends the wait at once', async () => {
    const clock = new FakeClock();
    const nudge = new Nudge();
    const ctl = new AbortController();
    const { check } = readyFrom(clock, 10_000);
    void clock.sleep(150).then(() => ctl.abort());
    const r = await pollUntil(check, { interval: INTERVAL, timeout: 10_000, clock, nudge, signal: ctl.signal });
    expect(r).toMatchObject({ status: 'aborted', elapsedMs: 150 });
  });
});

describe('Nudge', () => {
  it('keeps a poke that came while nobody waited, until it is cleared', async () => {
    const nudge = new Nudge();
    const never = new AbortController().signal;
    nudge.poke();
    await nudge.next(never); // at once
    nudge.clear();
    let woke = false;
    const waiting = nudge.next(never).then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    nudge.poke();
    await waiting;
    expect(woke).toBe(true);
  });

  it('an abort ends the wait without a poke', async () => {
    const nudge = new Nudge();
    const ctl = new AbortController();
    const waiting = nudge.next(ctl.signal);
    ctl.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
