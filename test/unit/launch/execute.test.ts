import { describe, expect, it } from 'vitest';
import { settledFeed } from '../../../src/launch/container-feed.js';
import { execute } from '../../../src/launch/execute.js';
import { decideLaunch } from '../../../src/launch/launch-plan.js';
import { observe } from '../../../src/launch/observe.js';
import { startTurns } from '../../../src/launch/start-turns.js';
import { startUrgency, type BootTime } from '../../../src/launch/start-urgency.js';
import type { LaunchEvent, LaunchResult, ServiceOutcome } from '../../../src/launch/types.js';
import { dependentsOf } from '../../../src/plan/closure.js';
import type { Gate } from '../../../src/plan/gate.js';
import { buildPlan } from '../../../src/plan/tiers.js';
import type { Registry } from '../../../src/registry/model.js';
import { FakeClock } from '../../support/fake-clock.js';
import { FakeEngine, type Script } from '../../support/fake-engine.js';
import { registryOf, shapes, svc } from '../../support/registry.js';

// The stack with uneven branches: platform boots for 5 s beside a fast airtable-gateway.
const GRAPH: Record<string, string[]> = shapes.uneven;
const BOOT: Record<string, number> = {
  postgres: 1000,
  redis: 300,
  'airtable-gateway': 500,
  platform: 5000,
  'mcp-server': 500,
  'llm-orchestrator': 500,
  automation: 500,
  'api-gateway': 500,
};
const registry = registryOf(
  Object.entries(GRAPH).map(([name, deps]) =>
    svc(name, { deps, health: { type: 'http', path: '/health', interval: 100, timeout: 60_000 } }),
  ),
);

interface Run {
  result: LaunchResult;
  engine: FakeEngine;
  clock: FakeClock;
  events: LaunchEvent[];
  outcome(name: string): ServiceOutcome;
}

/**
 * Observes, decides and executes a launch of `reg` against a fake engine (every container
 * created and stopped, unless `running` says otherwise), the way bring-up does without Compose.
 */
async function launch(
  opts: {
    gate?: Gate;
    scripts?: Record<string, Script>;
    running?: string[];
    reg?: Registry;
    abortAt?: number;
    restart?: string[];
    /** What earlier runs took: starts are then given to the slowest chain first (start-turns.ts). */
    learned?: ReadonlyMap<string, BootTime>;
  } = {},
): Promise<Run> {
  const reg = opts.reg ?? registry;
  const clock = new FakeClock();
  const engine = new FakeEngine(clock);
  for (const s of reg.services.values()) {
    // A running container has booted already: its probe answers ready.
    const running = opts.running?.includes(s.name) ?? false;
    engine.add(s, running ? 'running' : 'created', { readyAfter: running ? 0 : (BOOT[s.name] ?? 0), ...opts.scripts?.[s.name] });
  }
  const ctl = new AbortController();
  if (opts.abortAt !== undefined) {
    void clock.sleep(opts.abortAt).then(() => {
      ctl.abort(new Error('SIGINT'));
    });
  }
  const plan = buildPlan(reg);
  const names = plan.tiers.flat();
  const observed = await observe(reg, names, { engine, vars: {}, probeFor: engine.probeFor }, ctl.signal);
  const launchPlan = decideLaunch(reg, plan, observed, {
    gate: opts.gate ?? 'deps',
    build: 'missing',
    ...(opts.restart ? { restart: opts.restart } : {}),
  });
  const events: LaunchEvent[] = [];
  const emit = (e: LaunchEvent): void => {
    events.push(e);
  };
  const learned = opts.learned ?? new Map<string, BootTime>();
  const turns = startTurns(startUrgency(launchPlan.services, learned), learned, clock);
  const deps = { engine, clock, probeFor: engine.probeFor, emit, t0: clock.now(), turns };
  const result = await execute(reg, launchPlan, settledFeed(observed.containers), deps, ctl.signal);
  const outcome = (name: string): ServiceOutcome => {
    const o = result.outcomes.find((x) => x.name === name);
    if (!o) throw new Error(`no outcome for ${name}`);
    return o;
  };
  return { result, engine, clock, events, outcome };
}

/** When `name` was ready (its outcome's readyAt), failing the test when it never was. */
function readyAt(run: Run, name: string): number {
  const at = run.outcome(name).readyAt;
  if (at === undefined) throw new Error(`${name} was never ready: ${JSON.stringify(run.outcome(name))}`);
  return at;
}

function startedAt(run: Run, name: string): number {
  const at = run.engine.when('start', name);
  if (at === undefined) throw new Error(`${name} was never started`);
  return at;
}

describe('the scheduler, on a fake engine and clock', () => {
  it('deps: a service starts as soon as its own dependencies are healthy, never before; the fast branch does not wait for the slow one', async () => {
    const run = await launch({ gate: 'deps' });
    expect(run.result.status).toBe('healthy');
    for (const [name, deps] of Object.entries(GRAPH)) {
      const start = startedAt(run, name);
      for (const d of deps) expect(start, `${name} after ${d}`).toBeGreaterThanOrEqual(readyAt(run, d));
      // As soon as: within one poll interval of the last of its dependencies.
      expect(start).toBe(Math.max(0, ...deps.map((d) => readyAt(run, d))));
    }
    expect(startedAt(run, 'mcp-server')).toBeLessThan(readyAt(run, 'platform'));
    expect(startedAt(run, 'llm-orchestrator')).toBeLessThan(readyAt(run, 'platform'));
  });

  it('tiers: a tier starts only when every service of the tier below is healthy (mcp-server waits for platform)', async () => {
    const run = await launch({ gate: 'tiers' });
    expect(run.result.status).toBe('healthy');
    const tiers = buildPlan(registry).tiers;
    tiers.forEach((names, tier) => {
      if (tier === 0) return;
      const below = Math.max(...(tiers[tier - 1] ?? []).map((n) => readyAt(run, n)));
      for (const n of names) expect(startedAt(run, n), n).toBe(below);
    });
    expect(startedAt(run, 'mcp-server')).toBeGreaterThanOrEqual(readyAt(run, 'platform'));
  });

  it('deps ends at the critical path (the slowest chain of boots), tiers later', async () => {
    const deps = await launch({ gate: 'deps' });
    const tiers = await launch({ gate: 'tiers' });
    // postgres 1.0 s → platform 5.0 s → automation 0.5 s → api-gateway 0.5 s
    expect(deps.result.elapsedMs).toBe(7000);
    expect(tiers.result.elapsedMs).toBeGreaterThan(deps.result.elapsedMs);
  });

  it('the critical path follows the edges the gate waited on, to the service ready last', async () => {
    const deps = await launch({ gate: 'deps' });
    expect(deps.result.criticalPath).toEqual(['postgres', 'platform', 'automation', 'api-gateway']);
    const tiers = await launch({ gate: 'tiers' });
    // Under tiers, llm-orchestrator waited for the whole tier below: automation, itself after platform.
    expect(tiers.result.criticalPath).toEqual(['postgres', 'platform', 'mcp-server', 'automation', 'api-gateway']);
  });

  it('a crash: the service fails at once with its exit code, everything that depends on it is blocked by it', async () => {
    const run = await launch({ gate: 'deps', scripts: { platform: { readyAfter: 5000, exitAfter: 200, exitCode: 3 } } });
    expect(run.result.status).toBe('failed');
    const failure = run.outcome('platform').failure;
    expect(failure).toMatchObject({ reason: 'exited', exitCode: 3, blocked: ['automation', 'api-gateway'] });
    expect(failure?.logs).toEqual(['platform: the last of 30 lines']);
    expect(run.result.elapsedMs).toBeLessThan(2000); // on the next poll, not at the 60 s timeout
    for (const n of ['automation', 'api-gateway']) expect(run.outcome(n)).toMatchObject({ status: 'blocked', blockedBy: 'platform' });
    expect(run.engine.when('start', 'automation')).toBeUndefined();
  });

  it('a restart loop fails with reason restarting, its restart count and last exit code, not at the timeout', async () => {
    const run = await launch({ gate: 'deps', scripts: { redis: { readyAfter: 60_000, restartEvery: 400, exitCode: 137 } } });
    expect(run.outcome('redis').failure).toMatchObject({ reason: 'restarting', exitCode: 137 });
    expect(run.outcome('redis').failure?.message).toMatch(/^the container is restarting \(\d+ restarts, last exit code 137\)$/);
    expect(run.result.elapsedMs).toBeLessThan(1000);
  });

  it('a hung probe: every attempt is cut off, and the service fails at its timeout with "no answer"', async () => {
    const reg = registryOf([svc('db', { health: { type: 'http', path: '/health', interval: 100, timeout: 3000 } })]);
    const run = await launch({ reg, scripts: { db: { hang: true } } });
    expect(run.outcome('db').failure).toMatchObject({ reason: 'timeout' });
    expect(run.outcome('db').failure?.message).toMatch(/^not ready after 3s: no answer within the 3000ms timeout/);
    expect(run.result.elapsedMs).toBe(3000);
  });

  it('an already-healthy service is left alone: not started, reported already healthy; its dependents start at once', async () => {
    const run = await launch({ gate: 'deps', running: ['postgres', 'redis'] });
    expect(run.engine.when('start', 'postgres')).toBeUndefined();
    expect(run.outcome('postgres')).toMatchObject({ status: 'already-healthy', startedByUs: false });
    expect(startedAt(run, 'airtable-gateway')).toBe(0);
    expect(run.result.status).toBe('healthy');
  });

  it('a whole stack already healthy: nothing is started, every service reported already healthy, no time spent', async () => {
    const run = await launch({ gate: 'tiers', running: Object.keys(GRAPH) });
    expect(run.engine.calls).toEqual([]);
    expect(run.result.outcomes.every((o) => o.status === 'already-healthy')).toBe(true);
    expect(run.result.elapsedMs).toBe(0);
  });

  it('Ctrl-C: every wait ends at once; what was on its way and what waited is interrupted, what was healthy stays so', async () => {
    const run = await launch({ gate: 'deps', abortAt: 2500 });
    expect(run.result.status).toBe('interrupted');
    expect(run.result.elapsedMs).toBe(2500);
    expect(run.outcome('postgres').status).toBe('healthy');
    expect(run.outcome('platform').status).toBe('interrupted'); // probing
    expect(run.outcome('api-gateway').status).toBe('interrupted'); // waiting
    expect(run.result.outcomes.filter((o) => o.status === 'blocked')).toEqual([]);
  });

  it('a failure on one branch while another still starts: the other is stopped (interrupted), healthy services stay listed, dependents blocked', async () => {
    const run = await launch({ gate: 'deps', scripts: { 'mcp-server': { probeFails: 'HTTP 500 bad config' } } });
    expect(run.result.status).toBe('failed');
    expect(run.outcome('mcp-server').failure).toMatchObject({ reason: 'probe-failed', message: 'HTTP 500 bad config' });
    expect(run.outcome('airtable-gateway').status).toBe('healthy');
    expect(run.outcome('platform').status).toBe('interrupted'); // still booting on the other branch when mcp-server failed
    expect(run.result.elapsedMs).toBeLessThan(readyAt(await launch({ gate: 'deps' }), 'platform'));
    for (const n of ['llm-orchestrator', 'automation', 'api-gateway']) {
      expect(run.outcome(n)).toMatchObject({ status: 'blocked', blockedBy: 'mcp-server' });
    }
    expect(run.events.filter((e) => e.phase === 'blocked').map((e) => e.detail)).toEqual([
      'waits for mcp-server, which failed',
      'waits for mcp-server, which failed',
      'waits for mcp-server, which failed',
    ]);
  });

  it('an engine that refuses a start fails the service (start-failed), not the run', async () => {
    const run = await launch({ gate: 'deps', scripts: { redis: { startError: 'port is already allocated' } } });
    expect(run.outcome('redis').failure).toMatchObject({ reason: 'start-failed' });
    expect(run.outcome('redis').failure?.message).toContain('port is already allocated');
    expect(run.outcome('airtable-gateway')).toMatchObject({ status: 'blocked', blockedBy: 'redis' });
  });

  it('a service that says on its output that it is ready is probed then, not at the next interval; one that is silent, at the interval', async () => {
    const reg = registryOf([svc('api', { health: { type: 'http', path: '/health', interval: 1000, timeout: 60_000 } })]);
    const silent = await launch({ reg, scripts: { api: { readyAfter: 2500 } } });
    expect(readyAt(silent, 'api')).toBe(3000);
    const says = await launch({ reg, scripts: { api: { readyAfter: 2500, saysReady: true } } });
    expect(readyAt(says, 'api')).toBe(2500);
    expect(says.engine.follows).toEqual(['api']);
  });

  it("a job's output does not bring its check forward (its exit is its answer): its log is not followed", async () => {
    const migrate = svc('migrate', { job: true, health: { type: 'none' } });
    const run = await launch({ reg: registryOf([migrate]), scripts: { migrate: { exitAfter: 450, exitCode: 0, saysReady: true } } });
    expect(run.outcome('migrate').status).toBe('healthy');
    expect(run.engine.follows).toEqual([]);
  });

  it('the engine start time counts: a dependent is started once its dependency is both started and ready', async () => {
    const run = await launch({ gate: 'deps', scripts: { postgres: { startTakes: 400, readyAfter: 1000 } } });
    expect(readyAt(run, 'postgres')).toBe(1400);
    expect(startedAt(run, 'platform')).toBe(1400);
  });

  describe('with boot times learned from earlier runs', () => {
    // Every start takes 600 ms; earlier runs took that plus each service's boot (Postgres' first: 2.5 s with initdb).
    const boot: Record<string, number> = { ...BOOT, postgres: 2500 };
    const scripts = Object.fromEntries(Object.keys(GRAPH).map((n) => [n, { startTakes: 600, readyAfter: boot[n] ?? 0 }]));
    const learned = new Map(Object.keys(GRAPH).map((n) => [n, { start: 600, ready: 600 + (boot[n] ?? 0) }]));

    it('a start with time to spare lets the slowest chain’s start go first: redis after postgres, airtable-gateway after platform', async () => {
      const run = await launch({ gate: 'deps', scripts, learned });
      expect(run.result.status).toBe('healthy');
      expect(startedAt(run, 'postgres')).toBe(0);
      expect(startedAt(run, 'redis')).toBe(600);
      expect(startedAt(run, 'platform')).toBe(readyAt(run, 'postgres'));
      expect(startedAt(run, 'airtable-gateway')).toBe(startedAt(run, 'platform') + 600);
      expect(run.events).toContainEqual(
        expect.objectContaining({
          service: 'redis',
          phase: 'waiting',
          detail: 'postgres starts first (its chain of dependents took longer in earlier runs)',
        }),
      );
      // Never before its own dependencies, and what it records is what the next run learns from.
      for (const [name, deps] of Object.entries(GRAPH))
        for (const d of deps) expect(startedAt(run, name)).toBeGreaterThanOrEqual(readyAt(run, d));
      expect(run.outcome('redis')).toMatchObject({ requestedAt: 600, startedAt: 1200, readyAt: 1500 });
    });

    it('without them every due start goes at once', async () => {
      const run = await launch({ gate: 'deps', scripts });
      expect(startedAt(run, 'redis')).toBe(0);
      expect(startedAt(run, 'airtable-gateway')).toBe(startedAt(run, 'platform'));
      expect(run.events.some((e) => e.phase === 'waiting' && e.detail)).toBe(false);
    });

    it('tiers: the same order inside a tier', async () => {
      const run = await launch({ gate: 'tiers', scripts, learned });
      expect(run.result.status).toBe('healthy');
      expect(startedAt(run, 'redis')).toBe(600);
      expect(startedAt(run, 'airtable-gateway')).toBe(startedAt(run, 'platform') + 600);
    });

    it('a start that fails lets the held one go, and the failure still stops the run', async () => {
      const postgres = { startTakes: 300, startError: 'no space left on device' };
      const run = await launch({ gate: 'deps', scripts: { ...scripts, postgres }, learned });
      expect(run.outcome('postgres').failure).toMatchObject({ reason: 'start-failed' });
      expect(startedAt(run, 'redis')).toBe(300);
      expect(run.outcome('platform')).toMatchObject({ status: 'blocked', blockedBy: 'postgres' });
    });
  });

  it('a running service that must wait for a dependency is not started, and counts as already healthy when ready at its first look', async () => {
    const run = await launch({ gate: 'deps', running: ['redis', 'airtable-gateway'] });
    expect(run.engine.when('start', 'airtable-gateway')).toBeUndefined();
    expect(run.outcome('airtable-gateway')).toMatchObject({ status: 'already-healthy', startedByUs: false });
    expect(run.outcome('airtable-gateway').readyAt).toBe(readyAt(run, 'postgres'));
  });

  describe('restart', () => {
    const all = Object.keys(GRAPH);
    const restarted = ['mcp-server', ...dependentsOf(registry, 'mcp-server')];

    it('stops the service and its dependents, dependents first; starts each again only once what it depends on is healthy', async () => {
      const run = await launch({ gate: 'deps', running: all, restart: restarted });
      expect(run.result.status).toBe('healthy');
      const stops = run.engine.calls.filter((c) => c.op === 'stop').map((c) => c.service);
      expect(stops).toEqual(['api-gateway', 'automation', 'llm-orchestrator', 'mcp-server']);
      expect(run.events.filter((e) => e.phase === 'stopping').map((e) => e.service)).toEqual(stops);
      const lastStop = Math.max(...run.engine.calls.filter((c) => c.op === 'stop').map((c) => c.at));
      expect(startedAt(run, 'mcp-server')).toBeGreaterThanOrEqual(lastStop);
      for (const n of ['llm-orchestrator', 'automation']) expect(startedAt(run, n)).toBe(readyAt(run, 'mcp-server'));
      expect(startedAt(run, 'api-gateway')).toBe(Math.max(readyAt(run, 'llm-orchestrator'), readyAt(run, 'automation')));
    });

    it('leaves the services below untouched: not stopped, not started, already healthy', async () => {
      const run = await launch({ gate: 'tiers', running: all, restart: restarted });
      for (const n of ['postgres', 'redis', 'airtable-gateway', 'platform']) {
        expect(run.engine.calls.filter((c) => c.service === n)).toEqual([]);
        expect(run.outcome(n).status).toBe('already-healthy');
      }
    });

    it('--no-deps: only the named service is stopped and started; its dependents keep running', async () => {
      const run = await launch({ gate: 'deps', running: all, restart: ['platform'] });
      expect(run.engine.calls.map((c) => `${c.op} ${c.service}`)).toEqual(['stop platform', 'start platform']);
      expect(run.outcome('platform')).toMatchObject({ status: 'healthy', startedByUs: true });
    });
  });
});
