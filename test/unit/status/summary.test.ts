import { describe, expect, it } from 'vitest';
import { causeLines, condition, healthLine, rootCauses, stateLabel } from '../../../src/status/summary.js';
import type { ServiceStatus, StatusReport } from '../../../src/status/types.js';
import { shapes } from '../../support/registry.js';

const deps = (graph: Record<string, string[]>) => (n: string) => graph[n] ?? [];
const down = (graph: Record<string, string[]>, names: string[]) => new Map(Object.keys(graph).map((n) => [n, names.includes(n)]));

describe('summary', () => {
  it('the health line counts and rounds: 7/10 healthy (70%)', () => {
    expect(healthLine({ healthy: 7, total: 10 })).toBe('7/10 healthy (70%)');
    expect(healthLine({ healthy: 2, total: 3 })).toBe('2/3 healthy (67%)');
    expect(healthLine({ healthy: 0, total: 0 })).toBe('0/0 healthy (100%)');
  });

  it('in a chain, everything above a down service is down because of it', () => {
    const causes = rootCauses(deps(shapes.chain), down(shapes.chain, ['b', 'c', 'd']));
    expect(Object.fromEntries(causes)).toEqual({ b: [], c: ['b'], d: ['b'] });
  });

  it('in a diamond, the top names both sides when both are down, and the base when it is', () => {
    expect(rootCauses(deps(shapes.diamond), down(shapes.diamond, ['left', 'right', 'top'])).get('top')).toEqual(['left', 'right']);
    expect(rootCauses(deps(shapes.diamond), down(shapes.diamond, ['base', 'left', 'right', 'top'])).get('top')).toEqual(['base']);
  });

  it('services not looked at are neither causes nor explained', () => {
    const causes = rootCauses(
      deps(shapes.chain),
      new Map([
        ['c', true],
        ['d', true],
      ]),
    );
    expect(causes.get('d')).toEqual(['c']);
    expect(causes.has('a')).toBe(false);
  });

  it('cause lines read as sentences', () => {
    const s = (name: string, downBecause: string[]) => ({ name, downBecause }) as ServiceStatus;
    const report = { services: [s('checkout', ['orders']), s('gateway', ['catalog', 'orders']), s('orders', [])] } as StatusReport;
    expect(causeLines(report)).toEqual(['checkout down because orders is down', 'gateway down because catalog, orders are down']);
  });

  it('an exited state carries its code; a running service reads as its health', () => {
    expect(stateLabel({ state: 'exited', exitCode: 137 })).toBe('exited (code 137)');
    expect(condition({ state: 'running', exitCode: null, health: 'unhealthy' })).toBe('unhealthy');
    expect(condition({ state: 'missing', exitCode: null, health: 'down' })).toBe('missing');
  });
});
