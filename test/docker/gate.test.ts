import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_IMAGES, requireDocker } from '../support/docker.js';
import { mountedVolumes } from '../support/engine.js';
import { demoStack, type PyatRun, type TestStack } from '../support/pyat.js';
import { destroyAndCheck, engineView, serviceLog, timedPyat, upReport, type EngineView, type TimedLine } from './up-helpers.js';

// The gates and `pyat restart` against a real engine, on the demo stack with a slow and a fast
// branch: catalog listens only after SLOW_MS, orders at once, and `fulfil` depends on orders alone.
// The engine's own StartedAt / FinishedAt times are what the tests compare.
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService]);

const SLOW_MS = 8000;
const fulfil = {
  image: LOCAL_IMAGES.demoService,
  port: 58006,
  depends_on: ['orders'],
  env: { SERVICE_NAME: 'fulfil', PORT: 58006, UPSTREAMS: 'http://orders:58002' },
  health: { type: 'http', path: '/health', interval: '100ms' },
};
// Probed only every 20 s, and listening 1.5 s after its start: its output ("listening on") must
// bring the probe forward (src/launch/output-nudge.ts), or `up` waits the 20 s.
const NOTIFY_INTERVAL_MS = 20_000;
const notify = {
  image: LOCAL_IMAGES.demoService,
  port: 58007,
  depends_on: ['orders'],
  env: { SERVICE_NAME: 'notify', PORT: 58007, START_DELAY_MS: 1500 },
  health: { type: 'http', path: '/health', interval: `${NOTIFY_INTERVAL_MS}ms` },
};
// Every dependency edge of the stack: [dependent, dependency].
const EDGES = [
  ['catalog', 'postgres'],
  ['catalog', 'redis'],
  ['orders', 'postgres'],
  ['orders', 'redis'],
  ['fulfil', 'orders'],
  ['notify', 'orders'],
  ['checkout', 'catalog'],
  ['checkout', 'orders'],
  ['gateway', 'checkout'],
] as const;

/** When each service's `healthy` line reached the test: an upper bound of the moment its probe saw it ready. */
function healthyTimes(lines: TimedLine[]): Map<string, number> {
  const at = new Map<string, number>();
  for (const { at: t, text } of lines) {
    const e = JSON.parse(text) as { service?: string; phase?: string };
    if (e.phase === 'healthy' && e.service && !at.has(e.service)) at.set(e.service, t);
  }
  return at;
}

function find(view: EngineView[], service: string): EngineView {
  const c = view.find((x) => x.service === service);
  if (!c) throw new Error(`no container of ${service}: ${JSON.stringify(view)}`);
  return c;
}

function startOf(view: EngineView[], service: string): number {
  const at = find(view, service).startedAt;
  if (at === undefined) throw new Error(`${service} never started`);
  return at;
}

describe.skipIf(!docker.ok)('the gates and restart on a stack with a slow and a fast branch', { timeout: 180_000 }, () => {
  let stack: TestStack | undefined;
  let deps: PyatRun & { lines: TimedLine[] };
  let afterDeps: EngineView[];
  // What the containers mounted before the tiers test's plain `down` (which keeps volumes).
  let keptByDown: string[] = [];

  beforeAll(async () => {
    stack = await demoStack('gate', { catalog: { env: { START_DELAY_MS: SLOW_MS } }, fulfil, notify });
    deps = await timedPyat(stack, ['up', '--gate', 'deps', '--json']);
    if (deps.code !== 0) throw new Error(`up --gate deps exited ${deps.code}\n${deps.stderr}\n${deps.stdout}`);
    afterDeps = await engineView(stack.project);
  });

  afterAll(() => destroyAndCheck(stack, keptByDown));

  it("deps: the fast branch's dependent starts before the slow branch is ready, and no service before its own dependencies", async () => {
    const catalogListening = (await serviceLog(find(afterDeps, 'catalog').id)).find((l) => / listening on /.test(l.text))?.at;
    expect(catalogListening, 'catalog logged "listening on"').toBeDefined();
    expect(startOf(afterDeps, 'fulfil'), 'fulfil started (engine) before catalog listened').toBeLessThan(catalogListening!);
    const healthy = healthyTimes(deps.lines);
    for (const [dependent, dependency] of EDGES) {
      expect(startOf(afterDeps, dependent), `${dependent} started (engine) after ${dependency} was healthy (probe)`).toBeGreaterThan(
        healthy.get(dependency)!,
      );
    }
    const summary = upReport(deps.stdout).summary;
    expect(summary.status).toBe('healthy');
    // The chain that decided the total runs through the slow branch.
    expect(summary.criticalPath?.slice(-3)).toEqual(['catalog', 'checkout', 'gateway']);
  });

  it('a service is probed as soon as its container writes to its output, not only every interval', () => {
    const events = upReport(deps.stdout).events.filter((e) => e.service === 'notify');
    const at = (phase: string): number => events.find((e) => e.phase === phase)?.t ?? NaN;
    // Its first attempt, at its start, finds nothing listening; the next by the interval would come 20 s later.
    expect(events.map((e) => e.phase)).toContain('probing');
    expect(at('healthy') - at('starting'), 'notify healthy long before its second scheduled probe').toBeLessThan(NOTIFY_INTERVAL_MS / 2);
  });

  it('restart checkout: its dependent stops before it and starts after it is healthy again; the services below are not touched', async () => {
    const r = await timedPyat(stack!, ['restart', 'checkout', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = upReport(r.stdout);
    expect(report.events.filter((e) => e.phase === 'stopping').map((e) => e.service)).toEqual(['gateway', 'checkout']);
    expect(
      report.summary.outcomes
        .filter((o) => o.status === 'healthy')
        .map((o) => o.name)
        .sort(),
    ).toEqual(['checkout', 'gateway']);
    const after = await engineView(stack!.project);
    const stopped = (s: string): number => find(after, s).finishedAt ?? NaN;
    expect(stopped('gateway'), 'gateway stopped before checkout').toBeLessThanOrEqual(stopped('checkout'));
    expect(startOf(after, 'checkout'), 'checkout started again after gateway had stopped').toBeGreaterThan(stopped('gateway'));
    expect(startOf(after, 'gateway'), 'gateway started again after checkout was healthy').toBeGreaterThan(
      healthyTimes(r.lines).get('checkout')!,
    );
    for (const s of ['postgres', 'redis', 'catalog', 'orders', 'fulfil', 'notify']) {
      const [before, now] = [find(afterDeps, s), find(after, s)];
      expect(`${now.id} ${now.rawStartedAt} ${now.status}`, `${s} untouched`).toBe(`${before.id} ${before.rawStartedAt} running`);
    }
  });

  it('tiers: after down, the same stack waits tier by tier: fulfil starts only once catalog, on the tier below, is healthy; catalog, the slower chain in the runs before, gets the engine first', async () => {
    keptByDown = await mountedVolumes(stack!.project);
    const down = await stack!.pyat(['down']);
    expect(down.code, down.stderr).toBe(0);
    const r = await timedPyat(stack!, ['up', '--gate', 'tiers', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const view = await engineView(stack!.project);
    const healthy = healthyTimes(r.lines);
    expect(startOf(view, 'fulfil')).toBeGreaterThan(healthy.get('catalog')!);
    for (const [dependent, dependency] of EDGES) expect(startOf(view, dependent)).toBeGreaterThan(healthy.get(dependency)!);
    // The boot times the deps run left: catalog's chain is 8 s longer than orders', so orders lets its start go first.
    const events = upReport(r.stdout).events;
    expect(events).toContainEqual(
      expect.objectContaining({ service: 'orders', phase: 'waiting', detail: expect.stringContaining('catalog starts first') as unknown }),
    );
    const requested = (s: string): number => events.findIndex((e) => e.service === s && e.phase === 'starting');
    expect(requested('catalog'), 'catalog asked to start before orders').toBeLessThan(requested('orders'));
  });
});
