// observe: probes start as soon as the engine's list shows what is current and running, while each
// container is still inspected; an answer counts only for the container the inspect then finds.

import { describe, expect, it } from 'vitest';
import { LABEL } from '../../../src/compose/model.js';
import { observe } from '../../../src/launch/observe.js';
import type { ProbeFor } from '../../../src/launch/probe-for.js';
import type { ContainerInfo } from '../../../src/runtime/types.js';
import { FakeEngine } from '../../support/fake-engine.js';
import { registryOf, svc } from '../../support/registry.js';

const HTTP = { type: 'http', path: '/health', interval: 100, timeout: 60_000 } as const;
const registry = registryOf([svc('db', { health: HTTP }), svc('api', { deps: ['db'], health: HTTP })]);
const names = ['db', 'api'];

/** A fake engine whose inspects wait until `release()`, and what happened in which order. */
class SlowInspects extends FakeEngine {
  readonly log: string[] = [];
  private open: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  /** What each inspect answers instead of the container's own state. */
  readonly override = new Map<string, Partial<ContainerInfo> | 'gone'>();

  release(): void {
    this.open();
  }

  override async inspectIfThere(id: string): Promise<ContainerInfo | undefined> {
    await this.gate;
    this.log.push(`inspected ${id}`);
    const over = this.override.get(id);
    if (over === 'gone') return undefined;
    const info = await super.inspectIfThere(id);
    return info && { ...info, ...over };
  }
}

function setUp(): { engine: SlowInspects; probeFor: ProbeFor; containers: Record<string, ContainerInfo> } {
  const engine = new SlowInspects();
  const containers = Object.fromEntries([...registry.services.values()].map((s) => [s.name, engine.add(s, 'running')]));
  const probeFor: ProbeFor = (s, c) => {
    const probe = engine.probeFor(s);
    if (!probe) return undefined;
    return {
      ...probe,
      check: (signal) => {
        engine.log.push(`probed ${s.name} at ${c?.id ?? '?'}`);
        engine.release(); // the probes ran first: now the inspects may answer
        return probe.check(signal);
      },
    };
  };
  return { engine, probeFor, containers };
}

describe('observe', () => {
  it('probes what the list shows running while the containers are still being inspected', async () => {
    const { engine, probeFor } = setUp();
    const observed = await observe(registry, names, { engine, vars: {}, probeFor }, new AbortController().signal);
    expect(engine.log.slice(0, 2).sort()).toEqual(['probed api at id-api', 'probed db at id-db']);
    expect(engine.log.slice(2).sort()).toEqual(['inspected id-api', 'inspected id-db']);
    expect([...observed.readyNow].sort()).toEqual(['api', 'db']);
    expect(observed.containers.get('db')?.restartCount).toBe(0);
  });

  it('an answer does not count when the inspect finds the container stopped or gone', async () => {
    const { engine, probeFor, containers } = setUp();
    engine.override.set(containers.db?.id ?? '', { state: 'exited', exitCode: 137 });
    engine.override.set(containers.api?.id ?? '', 'gone');
    const observed = await observe(registry, names, { engine, vars: {}, probeFor }, new AbortController().signal);
    expect([...observed.readyNow]).toEqual([]);
    expect(observed.containers.get('db')?.state).toBe('exited');
    expect(observed.containers.has('api')).toBe(false);
  });

  it('never probes a container made from an older definition', async () => {
    const { engine, probeFor, containers } = setUp();
    const api = containers.api;
    if (!api) throw new Error('no api container');
    api.labels[LABEL.configHash] = 'older';
    engine.release();
    const observed = await observe(registry, names, { engine, vars: {}, probeFor }, new AbortController().signal);
    expect(engine.log.filter((l) => l.startsWith('probed'))).toEqual(['probed db at id-db']);
    expect([...observed.readyNow]).toEqual(['db']);
  });
});
