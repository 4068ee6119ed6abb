import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LOCAL_IMAGES, projectResources, requireDocker } from '../support/docker.js';
import { startEngineProxy, type EngineProxy } from '../support/engine-proxy.js';
import { demoStack, spawnPyat, type ServicePatch, type TestStack } from '../support/pyat.js';
import { existingVolumes, mountedVolumes } from '../support/engine.js';
import { recordCounts } from '../unit/reliability/counts.js';
import { containerOf, destroyAndCheck, engineView, requireBuiltCli, sql, upReport } from './up-helpers.js';

// Faults injected into a real engine while pyat works: the engine vanishing (a proxy socket that
// is cut, never the real daemon), a container killed or restart-looping, a probe that hangs, a port
// taken late, Compose missing, `down` racing `up`. Each test has its own stack and must leave no
// pyat process and nothing of its project behind.
const BUSYBOX = 'busybox-local:latest';
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService, BUSYBOX]);

// redis → catalog → checkout, without postgres (the slowest to start): enough for every fault.
const SMALL: Record<string, ServicePatch> = {
  postgres: null,
  orders: null,
  gateway: null,
  catalog: { depends_on: ['redis'], env: { DATABASE_URL: '' } },
  checkout: { depends_on: ['catalog'], env: { UPSTREAMS: 'http://catalog:58001' } },
};
// An exit that is not one line of pyat's, or a JavaScript stack frame, is a crash.
const ONE_LINE_ERROR = /^pyat: [^\n]+$/; // execa strips the final newline
const STACK_FRAME = /^\s+at /m;

/** SMALL with catalog's env (and other keys) patched. */
function small(catalog: Record<string, unknown> = {}, env: Record<string, string | number> = {}): Record<string, ServicePatch> {
  const base = SMALL.catalog!;
  return { ...SMALL, catalog: { ...base, ...catalog, env: { ...(base.env as object), ...env } } };
}

/** Resolves when pyat's `--json` stdout shows `service` in `phase`; rejects when pyat ends first. */
function untilEvent(child: ResultPromise, service: string, phase: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (l) => {
      if (l.includes(`"service":"${service}"`) && l.includes(`"phase":"${phase}"`)) resolve();
    });
    lines.on('close', () => reject(new Error(`pyat ended before ${service} was ${phase}`)));
  });
}

/** What a pyat process did: its exit code, its output as text, and how long it took to end. */
interface Exited {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  all: string;
  tookMs: number;
}

/** The process ends within `ms`, or the test fails saying it hung (and the process is killed). */
async function exitWithin(child: ResultPromise, ms: number): Promise<Exited> {
  const t0 = Date.now();
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  const r = await child;
  clearTimeout(timer);
  expect(r.signal, `pyat hung for ${ms} ms and was killed`).toBeUndefined();
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr), all: String(r.all), tookMs: Date.now() - t0 };
}

describe.skipIf(!docker.ok)('pyat under injected faults', { timeout: 60_000 }, () => {
  let stack: TestStack | undefined;
  let proxy: EngineProxy | undefined;
  let faults = 0;
  let volumesLost = 0;
  const make = async (prefix: string, patches: Record<string, ServicePatch>): Promise<TestStack> =>
    (stack = await demoStack(prefix, patches));
  const up = (s: TestStack, args: string[], env: NodeJS.ProcessEnv = process.env) =>
    spawnPyat(['-f', s.file, 'up', '--json', ...args], { cwd: s.dir, env });

  afterEach(async () => {
    await proxy?.dispose();
    proxy = undefined;
    if (stack) {
      const left = await execa('pgrep', ['-f', stack.file], { reject: false });
      expect(left.stdout, 'pyat processes still naming the stack file').toBe('');
    }
    await destroyAndCheck(stack);
    stack = undefined;
  });
  afterAll(() => recordCounts({ faultsInjected: faults, volumesLost }));

  describe('the engine goes away', () => {
    it('while up probes a slow service: exit 3, one line naming the engine, no hang', async () => {
      requireBuiltCli();
      const s = await make('engine-probe', small({}, { START_DELAY_MS: 30_000 }));
      proxy = await startEngineProxy();
      const child = up(s, [], { ...process.env, DOCKER_HOST: proxy.dockerHost });
      await untilEvent(child, 'catalog', 'probing');
      await proxy.cut();
      faults++;
      const r = await exitWithin(child, 30_000);
      expect(r.exitCode, r.all).toBe(3);
      expect(r.stderr).toMatch(ONE_LINE_ERROR);
      expect(r.stderr).toContain(`Docker engine not reachable at ${proxy.dockerHost}`);
      expect(r.all).not.toMatch(STACK_FRAME);
      expect(r.tookMs, 'the next engine call fails at once').toBeLessThan(10_000);
    });

    it('at the moment up starts a service: exit 3 (the environment), not a start failure of the service', async () => {
      requireBuiltCli();
      const s = await make('engine-start', small({}, { START_DELAY_MS: 30_000 }));
      // The second container start is catalog's (redis is first): that very request is cut.
      let starts = 0;
      proxy = await startEngineProxy((line, p) => {
        if (/^POST \S*\/containers\/\w+\/start/.test(line) && ++starts === 2) void p.cut();
      });
      const r = await exitWithin(up(s, [], { ...process.env, DOCKER_HOST: proxy.dockerHost }), 30_000);
      faults++;
      expect(starts).toBe(2);
      expect(r.exitCode, r.all).toBe(3);
      expect(r.stderr).toMatch(ONE_LINE_ERROR);
      expect(r.stdout).not.toContain('start-failed');
      expect(r.all).not.toMatch(STACK_FRAME);
    });

    it('before and while status runs: exit 3 and one line, in the table and in JSON', async () => {
      const s = await make('engine-status', { ...SMALL, checkout: null });
      const ok = await s.pyat(['up']);
      expect(ok.code, ok.stderr).toBe(0);
      // While: the list of containers passes, the first inspect of one is cut.
      proxy = await startEngineProxy((line, p) => {
        if (/^GET \S*\/containers\/\w+\/json/.test(line)) void p.cut();
      });
      const env = { ...process.env, DOCKER_HOST: proxy.dockerHost };
      const during = await s.pyat(['status'], env);
      expect(proxy.requests.some((l) => l.includes('/containers/json'))).toBe(true);
      // Before: the socket is gone already.
      const json = await s.pyat(['status', '--json'], env);
      faults += 2;
      for (const r of [during, json]) {
        expect(r.code, r.stderr).toBe(3);
        expect(`${r.stdout}${r.stderr}`).not.toMatch(STACK_FRAME);
      }
      expect(during.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining(`Docker engine not reachable at ${proxy.dockerHost}`)]);
      expect(json.stdout.trimEnd().split('\n')).toHaveLength(1);
      expect(JSON.parse(json.stdout).error.code).toBe('E_ENGINE');
    });
  });

  it('a container killed while up waits for it: exit 1, reason exited with code 137, dependents blocked', async () => {
    requireBuiltCli();
    const s = await make('killed', small({}, { START_DELAY_MS: 30_000 }));
    const child = up(s, []);
    await untilEvent(child, 'catalog', 'probing');
    await execa('docker', ['kill', (await containerOf(s.project, 'catalog')).id]);
    faults++;
    const r = await exitWithin(child, 30_000);
    expect(r.exitCode, r.stderr).toBe(1);
    const catalog = upReport(r.stdout).outcome('catalog');
    expect(catalog.failure).toMatchObject({ reason: 'exited', exitCode: 137, blocked: ['checkout'] });
    expect(upReport(r.stdout).outcome('checkout').status).toBe('blocked');
  });

  it('a service in a restart loop (restart: always in the registry) fails with reason restarting, not at its timeout', async () => {
    const s = await make('restart', small({ restart: 'always' }, { EXIT_AFTER_MS: 300, EXIT_CODE: 2, START_DELAY_MS: 30_000 }));
    const r = await s.pyat(['up', 'catalog', '--json']);
    faults++;
    expect(r.code, r.stderr).toBe(1);
    const failure = upReport(r.stdout).outcome('catalog').failure!;
    expect(failure.reason).toBe('restarting');
    expect(failure.message).toMatch(/the container is restarting \(\d+ restarts?, last exit code 2\)/);
    // The policy came from the registry, through the Compose file, onto the container.
    const policy = (
      await execa('docker', ['inspect', '-f', '{{.HostConfig.RestartPolicy.Name}}', (await containerOf(s.project, 'catalog')).id])
    ).stdout;
    expect(policy).toBe('always');
  });

  it('a probe target that accepts and never answers: each attempt times out, the poll goes on, up fails at its timeout', async () => {
    requireBuiltCli();
    const s = await make('hang', small({}, { HANG_HEALTH: 1 }));
    const r = await exitWithin(up(s, ['catalog', '--timeout', '4s']), 30_000);
    faults++;
    expect(r.exitCode, r.stderr).toBe(1);
    const report = upReport(r.stdout);
    const failure = report.outcome('catalog').failure!;
    expect(failure.reason).toBe('timeout');
    expect(failure.message).toMatch(/^not ready after 4s: no answer within \d+ms/);
    // The first attempt's timeout was reported while the poll went on to a second one.
    const probing = report.events.filter((e) => e.service === 'catalog' && e.phase === 'probing').map((e) => e.detail);
    expect(probing).toContain(failure.message.replace(/^not ready after 4s: /, ''));
    expect(report.event('catalog', 'failed').t - report.event('catalog', 'probing').t).toBeGreaterThanOrEqual(3_900);
  });

  describe('a host port taken after the project exists', () => {
    it('by a process, before up: preflight names it, exit 3, nothing new is created', async () => {
      const s = await make('port-pre', SMALL);
      expect((await s.pyat(['up', 'redis'])).code).toBe(0);
      const holder = net.createServer();
      await new Promise<void>((resolve, reject) => holder.once('error', reject).listen(s.ports.catalog, '127.0.0.1', resolve));
      try {
        const r = await s.pyat(['up']);
        faults++;
        expect(r.code, r.stderr).toBe(3);
        expect(r.stderr).toContain(`host port ${s.ports.catalog} (catalog) is taken by another process`);
        expect((await engineView(s.project)).map((c) => c.service)).toEqual(['redis']);
      } finally {
        await new Promise((resolve) => holder.close(resolve));
      }
    });

    it('by another container, after the project was created: the engine refuses the start, exit 1, start-failed naming the port', async () => {
      const s = await make('port-late', { ...SMALL, checkout: null });
      expect((await s.pyat(['up'])).code).toBe(0);
      await execa('docker', ['stop', '-t', '1', (await containerOf(s.project, 'catalog')).id]);
      // Nothing to create, so no preflight: the port is found taken only when the engine starts catalog.
      const squatter = `${s.project}-squatter`;
      await execa('docker', ['run', '-d', '--name', squatter, '-p', `127.0.0.1:${s.ports.catalog}:80`, BUSYBOX, 'sleep', '300']);
      try {
        const r = await s.pyat(['up', '--json']);
        faults++;
        expect(r.code, r.stderr).toBe(1);
        const failure = upReport(r.stdout).outcome('catalog').failure!;
        expect(failure.reason).toBe('start-failed');
        expect(failure.message).toContain(`${s.ports.catalog}`);
        expect(failure.message).toMatch(/port is already allocated/);
      } finally {
        await execa('docker', ['rm', '-f', squatter], { reject: false });
      }
    });
  });

  it('Compose missing from PATH: exit 3 with how to install it, nothing created', async () => {
    const s = await make('nocompose', SMALL);
    // A `docker` that knows no `compose` (as a CLI without the plugin), and no docker-compose at all.
    const bin = await mkdtemp(path.join(os.tmpdir(), 'pyattest-nocompose-'));
    try {
      await writeFile(path.join(bin, 'docker'), '#!/bin/sh\necho "docker: \'compose\' is not a docker command." >&2\nexit 1\n');
      await chmod(path.join(bin, 'docker'), 0o755);
      await symlink(process.execPath, path.join(bin, 'node'));
      const r = await s.pyat(['up'], { ...process.env, PATH: bin });
      faults++;
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/^pyat: Docker Compose not found: .* — install Compose v2 .*apt-get install docker-compose/);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(await projectResources(s.project)).toEqual({ containers: [], networks: [], volumes: [] });
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  it('down while up waits for a slow service: up is interrupted, down removes everything, both exit promptly', async () => {
    requireBuiltCli();
    const s = await make('down-race', small({}, { START_DELAY_MS: 60_000 }));
    const upRun = up(s, ['--timeout', '5m']);
    await untilEvent(upRun, 'catalog', 'probing');
    // `down` without --volumes keeps every volume, the anonymous ones too: this test removes them itself.
    const volumes = await mountedVolumes(s.project);
    try {
      const downRun = spawnPyat(['-f', s.file, 'down'], { cwd: s.dir });
      faults++;
      const [u, d] = await Promise.all([exitWithin(upRun, 40_000), exitWithin(downRun, 40_000)]);
      expect(d.exitCode, d.stderr).toBe(0);
      expect(d.stderr).toMatch(/pid \d+.*interrupting it/);
      expect(u.exitCode, u.stderr).toBe(130);
      expect(upReport(u.stdout).outcome('catalog').status).toBe('interrupted');
      expect(await projectResources(s.project)).toMatchObject({ containers: [], networks: [] });
      expect(await existingVolumes(volumes), 'volumes down kept').toEqual(volumes);
      expect(d.tookMs).toBeLessThan(30_000);
    } finally {
      if (volumes.length > 0) await execa('docker', ['volume', 'rm', '-f', ...volumes], { reject: false });
    }
  });

  it('a Postgres row survives a failed up (a dependent exits 3), and down + up after it', async () => {
    const s = await make('data', {
      redis: null,
      orders: null,
      checkout: null,
      gateway: null,
      catalog: { depends_on: ['postgres'], env: { REDIS_URL: '', START_DELAY_MS: 30_000, EXIT_AFTER_MS: 500, EXIT_CODE: 3 } },
    });
    expect((await s.pyat(['up', 'postgres'])).code).toBe(0);
    const port = s.ports.postgres!;
    await sql(port, 'CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)');
    await sql(port, 'INSERT INTO notes (body) VALUES ($1)', ['before the failed up']);
    const failed = await s.pyat(['up', '--json']);
    faults++;
    expect(failed.code, failed.stderr).toBe(1);
    expect(upReport(failed.stdout).outcome('catalog').failure).toMatchObject({ reason: 'exited', exitCode: 3 });
    expect((await s.pyat(['down'])).code).toBe(0);
    expect((await s.pyat(['up', 'postgres'])).code).toBe(0);
    const rows = await sql(port, 'SELECT body FROM notes');
    if (rows.length !== 1) volumesLost++;
    expect(rows.map((r) => r.body)).toEqual(['before the failed up']);
  });
});
