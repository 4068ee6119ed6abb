import net from 'node:net';
import readline from 'node:readline';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_IMAGES, projectResources, requireDocker } from '../support/docker.js';
import { demoStack, spawnPyat, type ServicePatch, type TestStack } from '../support/pyat.js';
import { containerOf, destroyAndCheck, requireBuiltCli, upReport } from './up-helpers.js';

// `pyat up` when something goes wrong: each test its own demo stack, cut down to what the failure
// needs, with short timeouts; every stack is removed after its test, and nothing of it may remain.
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService]);

describe.skipIf(!docker.ok)('pyat up when a service fails', { timeout: 90_000 }, () => {
  let stack: TestStack | undefined;
  const make = async (prefix: string, patches: Record<string, ServicePatch>): Promise<TestStack> =>
    (stack = await demoStack(prefix, patches));
  afterEach(async () => {
    await destroyAndCheck(stack);
    stack = undefined;
  });

  it('a service that exits 3 fails the run at once, with its exit code and last log lines; its dependents are never started', async () => {
    // Listening only after 30 s, it can never look healthy before it exits 1 s after start.
    const s = await make('exit', { orders: { env: { EXIT_AFTER_MS: 1000, EXIT_CODE: 3, START_DELAY_MS: 30_000 } } });
    const r = await s.pyat(['up', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const report = upReport(r.stdout);
    expect(report.summary.status).toBe('failed');
    const orders = report.outcome('orders');
    expect(orders.status).toBe('failed');
    expect(orders.failure).toMatchObject({ reason: 'exited', exitCode: 3 });
    expect(orders.failure!.logs.join('\n')).toContain('orders exiting with code 3 (EXIT_AFTER_MS=1000)');
    expect([...orders.failure!.blocked].sort()).toEqual(['checkout', 'gateway']);
    // Its health budget is the default 60 s: the failure came from the exit, not from the clock.
    const waited = report.event('orders', 'failed').t - report.event('orders', 'starting').t;
    expect(waited).toBeLessThan(15_000);
    expect(report.summary.elapsedMs).toBeLessThan(30_000);

    for (const name of ['checkout', 'gateway']) {
      expect(report.outcome(name).status).toBe('blocked');
      expect(report.events.filter((e) => e.service === name).map((e) => e.phase)).toEqual(['waiting', 'blocked']);
      const c = await containerOf(s.project, name);
      expect({ status: c.status, startedAt: c.startedAt }, `${name} was never started`).toEqual({
        status: 'created',
        startedAt: undefined,
      });
    }
    expect((await containerOf(s.project, 'orders')).status).toBe('exited');
  });

  it('a service that never becomes healthy times out with the reason from its 503 body', async () => {
    // gateway alone, with no upstreams: the shortest closure that shows a timeout.
    const s = await make('unhealthy', { gateway: { depends_on: [], env: { UPSTREAMS: '', UNHEALTHY_REASON: 'invalid API key' } } });
    const r = await s.pyat(['up', 'gateway', '--timeout', '3s', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const failure = upReport(r.stdout).outcome('gateway').failure!;
    expect(failure.reason).toBe('timeout');
    expect(failure.message).toMatch(/^not ready after 3s: HTTP 503: .*invalid API key/);
    expect(failure.errors.some((e) => e.includes('invalid API key'))).toBe(true);
    expect(failure.probe).toEqual({ kind: 'http', target: `http://127.0.0.1:${s.ports.gateway}/health` });
  });

  it("a Postgres probe with a wrong password fails with the server's words, and the password is printed nowhere", async () => {
    const wrong = 'Wr0ng-pw-9c1e';
    const s = await make('pgauth', { postgres: { health: { type: 'postgres', password: wrong } } });
    const json = await s.pyat(['up', 'postgres', '--timeout', '30s', '--json']);
    expect(json.code, json.stderr).toBe(1);
    const failure = upReport(json.stdout).outcome('postgres').failure!;
    expect(failure.reason).toBe('probe-failed');
    expect(failure.message).toContain('password authentication failed for user "demo"');
    // Once more, as a person reads it (postgres is running now: the probe fails at the first attempt).
    const text = await s.pyat(['up', 'postgres', '--timeout', '30s']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('password authentication failed for user "demo"');
    for (const out of [json.stdout, json.stderr, text.stdout, text.stderr]) expect(out).not.toContain(wrong);
  });

  it('a host port held by another process ends up with exit 3 before anything of the project is created', async () => {
    const s = await make('port', {});
    // pyat must not talk to a process it does not own: a probe would send it a request, or a password.
    let connections = 0;
    const holder = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve, reject) => holder.once('error', reject).listen(s.ports.catalog, '127.0.0.1', resolve));
    try {
      const r = await s.pyat(['up']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain(`host port ${s.ports.catalog} (catalog) is taken by another process`);
      expect(connections).toBe(0);
      expect(await projectResources(s.project)).toEqual({ containers: [], networks: [], volumes: [] });
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('SIGINT while a service is probed: exit 130, every service reported interrupted, no pyat process left', async () => {
    requireBuiltCli();
    // redis → catalog (listens after 20 s) → gateway: the closure of gateway, without postgres.
    const s = await make('sigint', {
      catalog: { depends_on: ['redis'], env: { START_DELAY_MS: 20_000, DATABASE_URL: '' } },
      gateway: { depends_on: ['catalog'], env: { UPSTREAMS: 'http://catalog:58001' } },
    });
    const child = spawnPyat(['-f', s.file, 'up', 'gateway', '--json'], { cwd: s.dir });
    const probing = new Promise<void>((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        if (line.includes('"service":"catalog"') && line.includes('"phase":"probing"')) resolve();
      });
      lines.on('close', () => reject(new Error('pyat ended before catalog was probed')));
    });
    await probing;
    child.kill('SIGINT');
    const r = await child;

    expect(r.exitCode, String(r.stderr)).toBe(130);
    const report = upReport(String(r.stdout));
    expect(report.summary.status).toBe('interrupted');
    expect(report.summary.outcomes.map((o) => [o.name, o.status])).toEqual([
      ['redis', 'healthy'],
      ['catalog', 'interrupted'],
      ['gateway', 'interrupted'],
    ]);
    expect(() => process.kill(child.pid!, 0)).toThrow(/ESRCH/);
    const left = await execa('pgrep', ['-f', s.file], { reject: false });
    expect(left.stdout, 'processes still naming the stack file').toBe('');
  });
  it("Compose failing while pyat already starts tier 0: exit 3 with Compose's error, and --down-on-failure leaves nothing running", async () => {
    const s = await make('composefail', {});
    // A container outside the project holds gateway's name (v1 names it p_gateway_1, v2 p-gateway-1),
    // so Compose fails at its last create, after it made postgres and redis (which pyat may start at once).
    const squatters = [`${s.project}_gateway_1`, `${s.project}-gateway-1`];
    for (const name of squatters) await execa('docker', ['create', '--name', name, LOCAL_IMAGES.redis]);
    try {
      const r = await s.pyat(['up', '--down-on-failure']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/up failed: .*(already in use|Conflict)/s);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      const running = await execa('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${s.project}`]);
      expect(running.stdout.trim(), 'containers of the project still running').toBe('');
    } finally {
      await execa('docker', ['rm', '-f', '-v', ...squatters], { reject: false });
    }
  });
});
