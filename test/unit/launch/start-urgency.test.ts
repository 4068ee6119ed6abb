import { describe, expect, it } from 'vitest';
import type { PlannedLaunch } from '../../../src/launch/launch-plan.js';
import { startFirst, startUrgency, type BootTime } from '../../../src/launch/start-urgency.js';
import { shapes } from '../../support/registry.js';

const planned = (graph: Record<string, string[]>, action: PlannedLaunch['action'] = 'create'): PlannedLaunch[] =>
  Object.entries(graph).map(([name, waitsFor]) => ({ name, tier: 0, action, waitsFor }));

// What the uneven stack took in earlier runs (ms from the start request): platform boots for 5 s.
const LEARNED = new Map<string, BootTime>(
  Object.entries({
    postgres: { start: 700, ready: 3000 },
    redis: { start: 700, ready: 1100 },
    'airtable-gateway': { start: 700, ready: 1300 },
    platform: { start: 700, ready: 6300 },
    'mcp-server': { start: 700, ready: 1000 },
    'llm-orchestrator': { start: 700, ready: 1000 },
    automation: { start: 700, ready: 900 },
    'api-gateway': { start: 700, ready: 1100 },
  }),
);

describe('start urgency: the expected time from a start request to the end of the launch', () => {
  it('is a service’s own time plus the slowest chain of what waits for it', () => {
    const u = startUrgency(planned(shapes.uneven), LEARNED);
    expect(u.get('api-gateway')).toBe(1100);
    expect(u.get('automation')).toBe(900 + 1100);
    expect(u.get('platform')).toBe(6300 + 2000);
    expect(u.get('mcp-server')).toBe(1000 + Math.max(1000 + 1100, 2000));
    expect(u.get('airtable-gateway')).toBe(1300 + 3100);
    expect(u.get('postgres')).toBe(3000 + 8300);
    expect(u.get('redis')).toBe(1100 + 8300);
  });

  it('is unknown for a service without learned times, and for everything below it', () => {
    const learned = new Map(LEARNED);
    learned.delete('platform');
    const u = startUrgency(planned(shapes.uneven), learned);
    expect([...u.keys()].sort()).toEqual(['airtable-gateway', 'api-gateway', 'automation', 'llm-orchestrator', 'mcp-server']);
  });

  it('counts a service left alone or awaited as costing nothing, and gives it no urgency of its own', () => {
    const services = planned(shapes.uneven).map((s) => (s.name === 'platform' ? { ...s, action: 'leave' as const } : s));
    const u = startUrgency(services, new Map([...LEARNED].filter(([n]) => n !== 'platform')));
    expect(u.has('platform')).toBe(false);
    expect(u.get('postgres')).toBe(3000 + Math.max(4400, 2000));
  });
});

describe('which start goes first', () => {
  const u = startUrgency(planned(shapes.uneven), LEARNED);

  it('a start with time to spare lets the one on the slowest chain go first', () => {
    expect(startFirst('redis', ['postgres', 'redis'], u, LEARNED)).toBe('postgres');
    expect(startFirst('airtable-gateway', ['platform', 'airtable-gateway'], u, LEARNED)).toBe('platform');
  });

  it('the one on the slowest chain never waits, and neither do starts whose chains are close', () => {
    expect(startFirst('postgres', ['postgres', 'redis'], u, LEARNED)).toBeUndefined();
    expect(startFirst('platform', ['platform', 'airtable-gateway'], u, LEARNED)).toBeUndefined();
    // 1.5 starts of slack are needed: 2100 − 2000 is not enough.
    expect(startFirst('automation', ['llm-orchestrator', 'automation'], u, LEARNED)).toBeUndefined();
  });

  it('nothing waits when either side has no learned times', () => {
    expect(startFirst('redis', ['postgres'], new Map([['postgres', 11300]]), LEARNED)).toBeUndefined();
    expect(startFirst('redis', ['postgres'], u, new Map())).toBeUndefined();
  });

  it('of several that may go first, the most urgent is named', () => {
    expect(startFirst('api-gateway', ['airtable-gateway', 'postgres', 'platform'], u, LEARNED)).toBe('postgres');
  });
});
