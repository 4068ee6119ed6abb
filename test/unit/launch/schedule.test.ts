import { describe, expect, it } from 'vitest';
import type { PlannedLaunch } from '../../../src/launch/launch-plan.js';
import { schedule } from '../../../src/launch/schedule.js';

describe('schedule on a wide stack', () => {
  it('runs 30 independent services at once without Node warning of a listener leak on its signal', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const services: PlannedLaunch[] = Array.from({ length: 30 }, (_, i) => ({ name: `s${i}`, tier: 0, action: 'start', waitsFor: [] }));
      let running = 0;
      let most = 0;
      const outcomes = await schedule(
        services,
        {
          // Each service listens to the scheduler's signal while it waits, as the probes and polls do.
          run: async (step, signal) => {
            running += 1;
            most = Math.max(most, running);
            const onAbort = (): void => undefined;
            signal.addEventListener('abort', onAbort);
            await new Promise((resolve) => setTimeout(resolve, 5));
            signal.removeEventListener('abort', onAbort);
            running -= 1;
            return { name: step.name, tier: step.tier, status: 'healthy', startedByUs: true };
          },
          emit: () => undefined,
          since: () => 0,
        },
        new AbortController().signal,
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(most).toBe(30);
      expect(outcomes.every((o) => o.status === 'healthy')).toBe(true);
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
