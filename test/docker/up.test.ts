import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_IMAGES, requireDocker } from '../support/docker.js';
import { demoStack, spawnPyat, type PyatRun, type TestStack } from '../support/pyat.js';
import {
  destroyAndCheck,
  engineView,
  requireBuiltCli,
  serviceLog,
  timedPyat,
  upReport,
  type EngineView,
  type TimedLine,
  type UpReport,
} from './up-helpers.js';

// `pyat up` on one healthy demo stack, shared by the tests that only read it. The stack carries an
// extra service that nothing depends on, so `up gateway` has something to leave alone.
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService]);

// Every dependency edge of gateway's closure in the demo: [dependent, dependency].
const EDGES = [
  ['catalog', 'postgres'],
  ['catalog', 'redis'],
  ['orders', 'postgres'],
  ['orders', 'redis'],
  ['checkout', 'catalog'],
  ['checkout', 'orders'],
  ['gateway', 'checkout'],
] as const;
const CLOSURE = ['postgres', 'redis', 'catalog', 'orders', 'checkout', 'gateway'];

// A copy of catalog that nothing depends on.
const extra = {
  image: LOCAL_IMAGES.demoService,
  port: 58005,
  depends_on: ['postgres', 'redis'],
  env: { SERVICE_NAME: 'extra', PORT: 58005, REDIS_URL: 'redis://redis:6379/4' },
  health: { type: 'http', path: '/health', interval: '100ms' },
};

describe.skipIf(!docker.ok)('pyat up on the demo stack', { timeout: 90_000 }, () => {
  let stack: TestStack | undefined;
  let first: PyatRun & { lines: TimedLine[] };
  let report: UpReport;
  let containers: EngineView[];

  beforeAll(async () => {
    stack = await demoStack('up', { extra });
    first = await timedPyat(stack, ['up', 'gateway', '--json']);
    if (first.code !== 0) throw new Error(`up gateway exited ${first.code}\n${first.stderr}\n${first.stdout}`);
    report = upReport(first.stdout);
    containers = await engineView(stack.project);
  });

  afterAll(() => destroyAndCheck(stack));

  const started = (service: string): number => {
    const c = containers.find((x) => x.service === service);
    if (c?.startedAt === undefined) throw new Error(`${service} has no started container: ${JSON.stringify(containers)}`);
    return c.startedAt;
  };

  it('a service is not started before every dependency is healthy (engine start times vs. probe readiness)', () => {
    // When the `healthy` line reached the test, the probe had already answered: an upper bound of readiness.
    const healthyAt = new Map<string, number>();
    for (const { at, text } of first.lines) {
      const e = JSON.parse(text) as { service?: string; phase?: string };
      if (e.phase === 'healthy' && e.service && !healthyAt.has(e.service)) healthyAt.set(e.service, at);
    }
    expect([...healthyAt.keys()].sort()).toEqual([...CLOSURE].sort());
    for (const [dependent, dependency] of EDGES) {
      expect(started(dependent), `${dependent} started (engine) after ${dependency} was healthy (probe)`).toBeGreaterThan(
        healthyAt.get(dependency)!,
      );
    }
  });

  it("a dependency's own log says it was healthy before its dependent's process wrote its first line", async () => {
    const firstLine = async (service: string, match: RegExp): Promise<number> => {
      const c = containers.find((x) => x.service === service)!;
      const line = (await serviceLog(c.id)).find((l) => match.test(l.text));
      if (!line) throw new Error(`${service} never logged ${match}`);
      return line.at;
    };
    const demoEdges = EDGES.filter(([, dep]) => dep !== 'postgres' && dep !== 'redis');
    expect(demoEdges).toHaveLength(3);
    for (const [dependent, dependency] of demoEdges) {
      const healthy = await firstLine(dependency, / health ok$/);
      const begun = await firstLine(dependent, / starting \(pid /);
      expect(begun, `${dependent} began after ${dependency} logged "health ok"`).toBeGreaterThan(healthy);
    }
  });

  it("up SERVICE starts only the service's closure: a service nothing depends on gets no running container", () => {
    expect(report.summary.outcomes.map((o) => o.name).sort()).toEqual([...CLOSURE].sort());
    expect(report.summary.outcomes.every((o) => o.status === 'healthy' && o.startedByUs)).toBe(true);
    expect(containers.filter((c) => c.service === 'extra' && c.status === 'running')).toEqual([]);
    expect(
      containers
        .filter((c) => c.status === 'running')
        .map((c) => c.service)
        .sort(),
    ).toEqual([...CLOSURE].sort());
  });

  it('a second up on a healthy stack starts nothing and leaves every container as it was', async () => {
    const again = await stack!.pyat(['up', 'gateway', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const second = upReport(again.stdout);
    const outcomes = second.summary.outcomes.map((o) => [o.name, o.status, o.startedByUs]);
    expect(outcomes.sort()).toEqual(CLOSURE.map((n) => [n, 'already-healthy', false]).sort());
    expect(second.events.filter((e) => e.phase === 'starting')).toEqual([]);
    expect(again.stderr).not.toContain('creating');
    const after = await engineView(stack!.project);
    const key = (cs: EngineView[]) => cs.map((c) => `${c.service} ${c.id} ${c.rawStartedAt}`).sort();
    expect(key(after)).toEqual(key(containers));
  });

  it("logs SERVICE --tail N prints that service's last N lines, as the engine has them", async () => {
    const all = (await serviceLog(containers.find((c) => c.service === 'catalog')!.id)).map((l) => l.text);
    const five = await stack!.pyat(['logs', 'catalog', '--tail', '5']);
    expect(five.code, five.stderr).toBe(0);
    expect(five.stdout).toMatch(/ catalog listening on \d+\n/);
    expect(five.stdout.trimEnd().split('\n')).toEqual(all.slice(-5));
    const one = await stack!.pyat(['logs', 'catalog', '--tail', '1']);
    expect(one.stdout).toBe(`${all.at(-1)}\n`);
  });

  it('logs with no service prints every service that has a container, in registry order, each line after its name; --tail counts per service', async () => {
    const r = await stack!.pyat(['logs', '--tail', '2']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const services = ['postgres', 'redis', 'catalog', 'orders', 'checkout', 'gateway'];
    const width = Math.max(...services.map((s) => s.length));
    const seen = lines.map((l) => /^(\S+) *\| /.exec(l)?.[1]);
    expect(
      seen.every((s) => s !== undefined),
      r.stdout,
    ).toBe(true);
    expect([...new Set(seen)]).toEqual(services.filter((s) => seen.includes(s)));
    expect(seen.filter((s) => s === 'catalog')).toHaveLength(2);
    const catalog = (await serviceLog(containers.find((c) => c.service === 'catalog')!.id)).map((l) => l.text);
    expect(lines.filter((l) => l.startsWith('catalog '))).toEqual(catalog.slice(-2).map((t) => `${'catalog'.padEnd(width)} | ${t}`));
    // --no-log-prefix, as in Compose: the same lines, bare (of services that log only as they start).
    const prefixed = await stack!.pyat(['logs', 'catalog', 'orders', '--tail', '2']);
    const bare = await stack!.pyat(['logs', 'catalog', 'orders', '--tail', '2', '--no-log-prefix']);
    expect(prefixed.stdout).toMatch(/^catalog \| /);
    expect(bare.stdout).toBe(prefixed.stdout.replace(/^\S+ *\| /gm, ''));
  });

  it('logs --follow of two services streams both, each line after its name, until Ctrl-C', async () => {
    requireBuiltCli();
    const child = spawnPyat(['-f', stack!.file, 'logs', 'catalog', 'orders', '--follow', '--tail', '3'], { cwd: stack!.dir });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 100 && !(/^catalog \| /m.test(out) && /^orders {2}\| /m.test(out)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(
      lines.every((l) => /^(catalog|orders ) \| /.test(l)),
      out,
    ).toBe(true);
  });

  // Last: it takes the stack down and brings it up again from nothing, twice at once.
  it('two up at once on one project: the second waits for the lock, both exit 0, one container per service', async () => {
    requireBuiltCli();
    const down = await stack!.pyat(['down', '--volumes']);
    expect(down.code, down.stderr).toBe(0);
    expect(await engineView(stack!.project)).toEqual([]);

    const args = ['-f', stack!.file, 'up', 'gateway', '--json'];
    const [a, b] = await Promise.all([spawnPyat(args, { cwd: stack!.dir }), spawnPyat(args, { cwd: stack!.dir })]);
    const runs = [a, b].map((r) => ({ code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) }));
    for (const r of runs) expect(r.code, `${r.stderr}\n${r.stdout}`).toBe(0);
    const waited = runs.filter((r) => /another pyat \(pid \d+\) is changing project .*; waiting for it/.test(r.stderr));
    expect(waited, runs.map((r) => r.stderr).join('\n---\n')).toHaveLength(1);
    const worker = runs.find((r) => !waited.includes(r))!;
    expect(upReport(worker.stdout).summary.outcomes.every((o) => o.status === 'healthy')).toBe(true);
    // The waiter ran only after the first had finished: it found everything up and healthy.
    expect(upReport(waited[0]!.stdout).summary.outcomes.every((o) => o.status === 'already-healthy')).toBe(true);

    const now = await engineView(stack!.project);
    expect(now.map((c) => c.service).sort()).toEqual([...CLOSURE].sort());
    expect(now.every((c) => c.status === 'running')).toBe(true);
  });
});
