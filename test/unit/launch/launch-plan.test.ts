import { describe, expect, it } from 'vitest';
import { decideLaunch, formatLaunchPlan, type Observed } from '../../../src/launch/launch-plan.js';
import { waitLists } from '../../../src/plan/gate.js';
import { formatWaits } from '../../../src/plan/format.js';
import { buildPlan } from '../../../src/plan/tiers.js';
import type { ContainerInfo } from '../../../src/runtime/types.js';
import { containerOf } from '../../support/containers.js';
import { registryFromGraph, shapes } from '../../support/registry.js';

const uneven = registryFromGraph(shapes.uneven);
const diamond = registryFromGraph(shapes.diamond);

/** What the engine holds: the given containers (current, on the registry's image), and which answered ready. */
function observed(containers: ContainerInfo[], ready: string[] = []): Observed {
  return {
    containers: new Map(containers.map((c) => [c.service, c])),
    imageIds: new Map([...diamond.services.values()].map((s) => [s.image!, 'sha256:0'])),
    readyNow: new Set(ready),
  };
}
const running = (name: string, over: Partial<ContainerInfo> = {}): ContainerInfo => containerOf(diamond.services.get(name)!, over);
const ALL = ['base', 'left', 'right', 'top'];
/** Every service of the diamond running and ready. */
const allHealthy = (): Observed =>
  observed(
    ALL.map((n) => running(n)),
    ALL,
  );

describe('the gate', () => {
  it('deps: each service waits only for its own dependencies', () => {
    expect(formatWaits(waitLists(uneven, buildPlan(uneven), 'deps'))).toBe(
      [
        'postgres          starts at once',
        'redis             starts at once',
        'airtable-gateway  waits for postgres, redis',
        'platform          waits for postgres, redis',
        'mcp-server        waits for airtable-gateway',
        'automation        waits for mcp-server, platform',
        'llm-orchestrator  waits for mcp-server',
        'api-gateway       waits for automation, llm-orchestrator, platform',
      ].join('\n'),
    );
  });

  it('tiers: every service of tier N also waits for all of tier N-1 (mcp-server for platform)', () => {
    const waits = waitLists(uneven, buildPlan(uneven), 'tiers');
    expect(waits.get('mcp-server')).toEqual(['airtable-gateway', 'platform']);
    expect(waits.get('automation')).toEqual(['mcp-server', 'platform']);
    expect(waits.get('postgres')).toEqual([]);
  });
});

describe('decideLaunch', () => {
  const plan = buildPlan(diamond);

  it('from nothing: Compose creates everything, each service starts after its gate', () => {
    const p = decideLaunch(diamond, plan, observed([]), { gate: 'deps', build: 'missing' });
    expect(formatLaunchPlan(p)).toBe(
      [
        'gate: deps',
        'stop: nothing',
        'create: base, left, right, top',
        'base   tier 0  create, start',
        'left   tier 1  create, start after base',
        'right  tier 1  create, start after base',
        'top    tier 2  create, start after left, right',
      ].join('\n'),
    );
  });

  it('an already-healthy stack: everything is left alone, nothing created, nothing waits', () => {
    const p = decideLaunch(diamond, plan, allHealthy(), { gate: 'tiers', build: 'missing' });
    expect(p.create).toEqual([]);
    expect(p.services.map((s) => `${s.name} ${s.action} ${s.waitsFor.length}`)).toEqual([
      'base leave 0',
      'left leave 0',
      'right leave 0',
      'top leave 0',
    ]);
  });

  it('a healthy service above one that must start is awaited after it, not left alone', () => {
    const cs = [running('base', { state: 'exited' }), running('left'), running('right'), running('top')];
    const p = decideLaunch(diamond, plan, observed(cs, ['left', 'right', 'top']), { gate: 'deps', build: 'missing' });
    expect(p.services.map((s) => `${s.name} ${s.action}`)).toEqual(['base start', 'left await', 'right await', 'top await']);
  });

  it('a container out of date is recreated; --build recreates every one', () => {
    const cs = [running('base'), running('left', { labels: {} }), running('right'), running('top')];
    expect(decideLaunch(diamond, plan, observed(cs, ['base', 'right', 'top']), { gate: 'deps', build: 'missing' }).create).toEqual([
      'left',
    ]);
    expect(decideLaunch(diamond, plan, observed(cs), { gate: 'deps', build: 'always' }).create).toEqual(['base', 'left', 'right', 'top']);
  });

  it('restart: the restarted services stop dependents first, the rest below is left alone; only missing containers are created', () => {
    const cs = [running('base'), running('left', { labels: {} }), running('right')];
    const p = decideLaunch(diamond, plan, observed(cs, ['base', 'left', 'right']), {
      gate: 'deps',
      build: 'missing',
      restart: ['left', 'right', 'top'],
    });
    expect(formatLaunchPlan(p)).toBe(
      [
        'gate: deps',
        'stop: left, right',
        'create: top',
        'base   tier 0  left alone (already healthy)',
        'left   tier 1  stop, start after base',
        'right  tier 1  stop, start after base',
        'top    tier 2  create, start after left, right',
      ].join('\n'),
    );
  });

  it('restart stops in waves, highest tier first', () => {
    const p = decideLaunch(diamond, plan, allHealthy(), { gate: 'tiers', build: 'missing', restart: ALL });
    expect(p.stop).toEqual([['top'], ['left', 'right'], ['base']]);
  });
});
