import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { createProbe, type Probe, type ProbeResult } from '../../../src/probes/index.js';
import { buildStatus, collectStatus, runOf, selectServices, type ProbeFor, type StatusInput } from '../../../src/status/collect.js';
import type { ServiceDef } from '../../../src/registry/model.js';
import type { ContainerInfo } from '../../../src/runtime/types.js';
import { registryOf, svc } from '../../support/registry.js';
import { blackHole } from '../probes/servers.js';
import { containerOf, NOW, orphan } from '../../support/containers.js';

// The demo's diamond: postgres, redis → catalog, orders → checkout → gateway.
const port = (host: number) => ({ host, container: host, bind: '127.0.0.1' });
const http = { type: 'http' as const, path: '/health', interval: 100, timeout: 60_000 };
const services = [
  svc('postgres', { port: port(47432), health: { type: 'postgres', user: 'demo', database: 'demo', interval: 250, timeout: 60_000 } }),
  svc('redis', { port: port(47379), health: { type: 'redis', interval: 250, timeout: 60_000 } }),
  svc('catalog', { port: port(47001), deps: ['postgres', 'redis'], health: http }),
  svc('orders', { port: port(47002), deps: ['postgres', 'redis'], health: http }),
  svc('checkout', { port: port(47003), deps: ['catalog', 'orders'], health: http }),
  svc('gateway', { port: port(47000), deps: ['checkout'], health: http }),
];
const registry = registryOf(services, { name: 'shop' });
const ready: ProbeResult = { status: 'ready', detail: 'HTTP 200', latencyMs: 3 };

/** The report for these containers and probe answers (every running service ready unless told), and the runs seen ready before. */
function report(containers: ContainerInfo[], answers: Record<string, ProbeResult> = {}, names: string[] = [], startedUp?: Set<string>) {
  const { selected, considered } = selectServices(registry, names, containers);
  const running = containers.filter((c) => c.state === 'running').map((c) => c.service);
  const probes = new Map(running.map((n) => [n, answers[n] ?? ready]));
  const input: StatusInput = { registry, selected, considered, containers, probes, vars: {}, now: NOW, startedUp };
  return buildStatus(input);
}
const all = (over: Record<string, Partial<ContainerInfo> & { uptimeS?: number }> = {}) => services.map((s) => containerOf(s, over[s.name]));
const find = (r: ReturnType<typeof report>, name: string) => r.services.find((s) => s.name === name)!;

describe('status report', () => {
  it('every service running and ready is healthy: 6/6', () => {
    const r = report(all());
    expect([r.healthy, r.total]).toEqual([6, 6]);
    expect(find(r, 'checkout')).toMatchObject({
      tier: 2,
      port: 47003,
      state: 'running',
      health: 'healthy',
      latencyMs: 3,
      detail: 'HTTP 200',
      uptimeSeconds: 600,
      restarts: 0,
      drift: [],
      downBecause: [],
    });
  });

  it('a stopped service shows exited with its code, is not probed, and its dependents are down because of it', () => {
    const r = report(all({ orders: { state: 'exited', exitCode: 137 } }), {
      checkout: { status: 'pending', detail: 'HTTP 503: upstream orders failed', latencyMs: 5 },
      gateway: { status: 'pending', detail: 'HTTP 503', latencyMs: 5 },
    });
    expect(find(r, 'orders')).toMatchObject({
      state: 'exited',
      exitCode: 137,
      health: 'down',
      latencyMs: null,
      uptimeSeconds: null,
      detail: 'exited with code 137',
    });
    expect(find(r, 'checkout')).toMatchObject({ health: 'unhealthy', downBecause: ['orders'] });
    // The root cause, not the link in between: gateway is down because orders is, not because checkout is.
    expect(find(r, 'gateway').downBecause).toEqual(['orders']);
    expect(find(r, 'catalog').downBecause).toEqual([]);
    expect([r.healthy, r.total]).toEqual([3, 6]);
  });

  it('a service down for its own reasons, above a healthy dependency, has no cause to blame', () => {
    const r = report(all(), {
      checkout: { status: 'failed', detail: 'HTTP 500', latencyMs: 1 },
      gateway: { status: 'pending', detail: 'HTTP 503', latencyMs: 1 },
    });
    expect(find(r, 'checkout').downBecause).toEqual([]);
    expect(find(r, 'gateway').downBecause).toEqual(['checkout']);
  });

  it('a probe not ready yet is starting inside the start-up budget, unhealthy after it', () => {
    const pending: ProbeResult = { status: 'pending', detail: 'connection refused', latencyMs: 1 };
    const young = report(all({ orders: { uptimeS: 5 } }), { orders: pending });
    expect(find(young, 'orders')).toMatchObject({ state: 'starting', health: 'starting' });
    const old = report(all({ orders: { uptimeS: 61 } }), { orders: pending });
    expect(find(old, 'orders')).toMatchObject({ state: 'running', health: 'unhealthy', detail: 'connection refused' });
  });

  it('a young container the engine already called healthy is unhealthy, not starting, when its probe fails', () => {
    const r = report(all({ orders: { uptimeS: 5, health: 'healthy' } }), {
      orders: { status: 'pending', detail: 'HTTP 503: db down', latencyMs: 2 },
    });
    expect(find(r, 'orders')).toMatchObject({ health: 'unhealthy', engineHealth: 'healthy', detail: 'HTTP 503: db down' });
  });

  it('a young run that answered ready before is unhealthy, not starting, when its probe fails (the first success ends start-up)', () => {
    const containers = all({ orders: { uptimeS: 5 } });
    const orders = containers.find((c) => c.service === 'orders')!;
    const answers = { orders: { status: 'pending', detail: 'connection reset', latencyMs: 1 } as const };
    const seen = report(containers, answers, [], new Set([runOf(orders)]));
    expect(find(seen, 'orders')).toMatchObject({ state: 'running', health: 'unhealthy', detail: 'connection reset' });
    // A new run of the same container (a restart keeps the id) starts up again.
    const restarted = report(containers, answers, [], new Set([runOf({ ...orders, startedAt: '2020-01-01T00:00:00Z' })]));
    expect(find(restarted, 'orders')).toMatchObject({ state: 'starting', health: 'starting' });
  });

  it('a restarting container is not probed and says how often it restarted', () => {
    const r = report(all({ orders: { state: 'restarting', restartCount: 4, exitCode: 1 } }));
    expect(find(r, 'orders')).toMatchObject({
      state: 'restarting',
      health: 'down',
      restarts: 4,
      detail: 'restarting (4 restarts, last exit code 1)',
    });
  });

  it('a declared service without a container is missing; an undeclared container is an orphan at the top level', () => {
    const r = report([...all().filter((c) => c.service !== 'gateway'), orphan('ghost')]);
    expect(find(r, 'gateway')).toMatchObject({
      state: 'missing',
      health: 'down',
      drift: [{ kind: 'missing', detail: expect.any(String) }],
    });
    expect(r.orphans.map((o) => o.name)).toEqual(['ghost']);
  });

  it('with port drift, the detail says the probe asked at the registry port', () => {
    const r = report(all({ orders: { ports: [{ container: 47002, hostIp: '127.0.0.1', hostPort: 47999 }] } }), {
      orders: { status: 'pending', detail: 'connection refused', latencyMs: 1 },
    });
    expect(find(r, 'orders').detail).toBe("connection refused (probed at the registry's port 47002)");
    expect(find(r, 'orders').drift.map((d) => d.kind)).toEqual(['port']);
  });

  it('named services are the only ones reported, but their dependencies still explain them', () => {
    const r = report(
      all({ postgres: { state: 'exited', exitCode: 1 } }),
      { orders: { status: 'pending', detail: 'HTTP 503', latencyMs: 1 } },
      ['orders'],
    );
    expect(r.services.map((s) => s.name)).toEqual(['orders']);
    expect([r.healthy, r.total]).toEqual([0, 1]);
    expect(r.services[0]!.downBecause).toEqual(['postgres']);
  });

  it('an unknown service name is a usage error', () => {
    expect(() => selectServices(registry, ['nope'], [])).toThrow(UsageError);
  });

  it('a service in an inactive Compose profile counts only once it has a container', () => {
    const extra = svc('notifier', { port: port(47004), deps: ['redis'], profiles: ['faults'], health: http });
    const reg = registryOf([...services, extra]);
    expect(selectServices(reg, [], []).selected).not.toContain('notifier');
    expect(selectServices(reg, [], [containerOf(extra)]).selected).toContain('notifier');
    expect(selectServices(reg, [], [], ['faults']).selected).toContain('notifier');
  });

  it('a running service without a probe is healthy when running, or as its engine healthcheck says', () => {
    const worker = svc('worker', { health: { type: 'none' } });
    const reg = registryOf([worker]);
    const input = (c: ContainerInfo): StatusInput => ({
      registry: reg,
      selected: ['worker'],
      considered: ['worker'],
      containers: [c],
      probes: new Map(),
      vars: {},
      now: NOW,
    });
    expect(buildStatus(input(containerOf(worker))).services[0]).toMatchObject({ health: 'healthy', detail: 'running (no probe)' });
    expect(buildStatus(input(containerOf(worker, { health: 'unhealthy' }))).services[0]).toMatchObject({ health: 'unhealthy' });
  });
});

describe('collecting', () => {
  const fakeProbe = (answer: ProbeResult, log: string[], name: string): Probe => ({
    kind: 'fake',
    target: name,
    check: async () => (log.push(`check ${name}`), answer),
    close: async () => void log.push(`close ${name}`),
  });

  it('lists the containers once, probes only running ones, and closes every probe', async () => {
    const log: string[] = [];
    let lists = 0;
    const containers = all({ orders: { state: 'exited', exitCode: 0 } });
    const engine = { listProject: async () => (lists++, containers) };
    const probeFor: ProbeFor = (s: ServiceDef) => fakeProbe(ready, log, s.name);
    const r = await collectStatus(
      registry,
      { names: [], profiles: [], vars: {} },
      { engine, probes: async () => probeFor, now: () => NOW },
    );
    expect(lists).toBe(1);
    expect(log.filter((l) => l.startsWith('check')).sort()).toEqual([
      'check catalog',
      'check checkout',
      'check gateway',
      'check postgres',
      'check redis',
    ]);
    expect(log.filter((l) => l.startsWith('close')).length).toBe(5);
    expect(r.healthy).toBe(5);
  });

  it('looks sharing a set remember which runs answered ready: healthy, then a failing probe is unhealthy', async () => {
    const young = all({ gateway: { uptimeS: 5 } });
    let answer: ProbeResult = ready;
    const probeFor: ProbeFor = (s: ServiceDef) => fakeProbe(s.name === 'gateway' ? answer : ready, [], s.name);
    const look = (startedUp?: Set<string>) =>
      collectStatus(
        registry,
        { names: ['gateway'], profiles: [], vars: {} },
        { engine: { listProject: async () => young }, probes: async () => probeFor, now: () => NOW },
        undefined,
        startedUp,
      );
    const startedUp = new Set<string>();
    expect((await look(startedUp)).services[0]).toMatchObject({ health: 'healthy' });
    answer = { status: 'pending', detail: 'connection reset', latencyMs: 1 };
    expect((await look(startedUp)).services[0]).toMatchObject({ health: 'unhealthy', detail: 'connection reset' });
    // A look that knows nothing earlier cannot tell: inside the budget, it is starting.
    expect((await look()).services[0]).toMatchObject({ health: 'starting' });
  });

  it('one hung service cannot stall the report: its probe gives up after the attempt timeout', async () => {
    const hole = await blackHole();
    try {
      const hung = svc('hung', { port: { host: hole.port, container: 80, bind: '127.0.0.1' }, health: { ...http, timeout: 1000 } });
      const reg = registryOf([hung]);
      const engine = { listProject: async () => [containerOf(hung, { uptimeS: 30 })] };
      const probeFor: ProbeFor = (s) =>
        s.health.type === 'http' && s.ports[0]
          ? createProbe(s.health, { host: '127.0.0.1', port: s.ports[0].host }, { attemptTimeoutMs: 150 })
          : undefined;
      const t0 = performance.now();
      const r = await collectStatus(reg, { names: [], profiles: [], vars: {} }, { engine, probes: async () => probeFor, now: () => NOW });
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(r.services[0]).toMatchObject({ health: 'unhealthy', detail: 'no answer within 150ms' });
    } finally {
      await hole.close();
    }
  });
});
