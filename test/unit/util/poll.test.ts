import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/util/clock.js';
import { pollUntil, type CheckResult } from '../../../src/util/poll.js';
import { FakeClock } from '../../support/fake-clock.js';

const ready: CheckResult = { status: 'ready', detail: 'ok', latencyMs: 0 };
const pending = (detail: string): CheckResult => ({ status: 'pending', detail, latencyMs: 0 });
const failed = (detail: string): CheckResult => ({ status: 'failed', detail, latencyMs: 0 });

/** A check that gives the answers in order, then repeats the last one. */
function scripted(...answers: CheckResult[]) {
  let i = 0;
  const check = async (): Promise<CheckResult> => answers[Math.min(i++, answers.length - 1)]!;
  return Object.assign(check, { calls: () => i });
}

describe('pollUntil', () => {
  it('is ready after one attempt when the first check is ready, without sleeping', async () => {
    const clock = new FakeClock();
    const r = await pollUntil(scripted(ready), { interval: 1, timeout: 1000, clock });
    expect(r).toMatchObject({ status: 'ready', attempts: 1, elapsedMs: 0, errors: [] });
    expect(clock.sleeps).toEqual([]);
  });

  it('keeps polling while pending and stops at the first ready', async () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    const r = await pollUntil(scripted(pending('connection refused'), pending('connection reset'), ready), {
      interval: 1,
      timeout: 1000,
      clock,
      onAttempt: (_r, n) => seen.push(n),
    });
    expect(r).toMatchObject({ status: 'ready', attempts: 3, last: ready, errors: ['connection refused', 'connection reset'] });
    expect(seen).toEqual([1, 2, 3]);
    expect(clock.sleeps).toEqual([1, 1]);
  });

  it('stops at once on failed, without waiting for the timeout', async () => {
    const clock = new FakeClock();
    const check = scripted(pending('connection refused'), failed('password authentication failed for user "app"'), ready);
    const r = await pollUntil(check, { interval: 1, timeout: 60_000, clock });
    expect(r.status).toBe('failed');
    expect(r.attempts).toBe(2);
    expect(r.last?.detail).toBe('password authentication failed for user "app"');
    expect(r.elapsedMs).toBe(1);
    expect(check.calls()).toBe(2);
  });

  it('times out with the last probe error, and keeps only the last few distinct ones', async () => {
    const clock = new FakeClock();
    let n = 0;
    const check = async (): Promise<CheckResult> => pending(`refused #${n++ % 7}`);
    const r = await pollUntil(check, { interval: 1, timeout: 50, clock });
    expect(r.status).toBe('timeout');
    expect(r.elapsedMs).toBe(50);
    expect(r.attempts).toBe(50);
    expect(r.last?.detail).toBe('refused #0'); // attempt 50 → n = 49 → 49 % 7 = 0
    expect(r.errors).toEqual(['refused #3', 'refused #4', 'refused #5', 'refused #6', 'refused #0']);
  });

  it('does not sleep past the deadline', async () => {
    const clock = new FakeClock();
    const r = await pollUntil(scripted(pending('503')), { interval: 30, timeout: 50, clock });
    expect(r).toMatchObject({ status: 'timeout', attempts: 2, elapsedMs: 50 });
    expect(clock.sleeps).toEqual([30, 20]);
  });

  it('measures the interval from the start of each attempt, so a slow attempt does not add it on top', async () => {
    const clock = new FakeClock();
    const starts: number[] = [];
    const durations = [7, 15, 2, 0];
    const check = async (): Promise<CheckResult> => {
      starts.push(clock.now());
      clock.advance(durations[starts.length - 1] ?? 0);
      return starts.length < 4 ? pending('starting') : ready;
    };
    const r = await pollUntil(check, { interval: 10, timeout: 1000, clock });
    expect(r.status).toBe('ready');
    // 0 → 7 ms attempt → next at 10; 10 → 15 ms attempt (longer than the interval) → next at once, 25.
    expect(starts).toEqual([0, 10, 25, 35]);
  });

  it('lets failFast win over a check that would keep polling', async () => {
    const clock = new FakeClock();
    let round = 0;
    const r = await pollUntil(scripted(pending('connection refused')), {
      interval: 1,
      timeout: 60_000,
      clock,
      failFast: async () => (++round === 3 ? failed('container exited with code 3') : undefined),
    });
    expect(r).toMatchObject({ status: 'failed', attempts: 2, last: { detail: 'container exited with code 3' } });
    expect(r.errors).toEqual(['connection refused', 'container exited with code 3']);
  });

  it('treats a check that throws as pending and keeps its message', async () => {
    const clock = new FakeClock();
    let n = 0;
    const check = async (): Promise<CheckResult> => {
      if (n++ === 0) throw new Error('socket hang up');
      return ready;
    };
    const r = await pollUntil(check, { interval: 1, timeout: 1000, clock });
    expect(r).toMatchObject({ status: 'ready', attempts: 2, errors: ['socket hang up'] });
  });

  it('cuts off a check that outlives the overall timeout, and tells it to stop', async () => {
    const clock = new FakeClock();
    let stopped = false;
    const hanging = (signal: AbortSignal): Promise<CheckResult> =>
      new Promise(() => signal.addEventListener('abort', () => (stopped = true)));
    const r = await pollUntil(hanging, { interval: 1, timeout: 5000, clock });
    expect(r).toMatchObject({ status: 'timeout', attempts: 1, elapsedMs: 5000 });
    expect(r.last?.detail).toMatch(/no answer within the 5000ms timeout/);
    expect(stopped).toBe(true);
  });

  it('returns aborted without a check when the signal is already aborted', async () => {
    const check = scripted(ready);
    const r = await pollUntil(check, { interval: 1, timeout: 1000, clock: new FakeClock(), signal: AbortSignal.abort() });
    expect(r).toMatchObject({ status: 'aborted', attempts: 0 });
    expect(check.calls()).toBe(0);
  });

  it('stops when aborted between attempts', async () => {
    const ctl = new AbortController();
    const r = await pollUntil(scripted(pending('connection refused')), {
      interval: 1,
      timeout: 60_000,
      clock: new FakeClock(),
      signal: ctl.signal,
      onAttempt: (_r, n) => n === 3 && ctl.abort(),
    });
    expect(r).toMatchObject({ status: 'aborted', attempts: 3 });
  });

  it('stops promptly when aborted during a long sleep (real clock)', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 20);
    const t0 = performance.now();
    const r = await pollUntil(scripted(pending('connection refused')), {
      interval: 60_000,
      timeout: 120_000,
      clock: systemClock,
      signal: ctl.signal,
    });
    expect(r.status).toBe('aborted');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('stops promptly when aborted during a check that never answers (real clock)', async () => {
    const ctl = new AbortController();
    let checkSawAbort = false;
    const hanging = (signal: AbortSignal): Promise<CheckResult> =>
      new Promise(() => signal.addEventListener('abort', () => (checkSawAbort = true)));
    setTimeout(() => ctl.abort(), 20);
    const t0 = performance.now();
    const r = await pollUntil(hanging, { interval: 1, timeout: 120_000, clock: systemClock, signal: ctl.signal });
    expect(r).toMatchObject({ status: 'aborted', attempts: 1 });
    expect(checkSawAbort).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
