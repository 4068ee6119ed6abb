import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.js';
import { LOCAL_IMAGES, projectResources, requireDocker, testPorts, uniqueProjectName, waitFor } from '../support/docker.js';
import { removeProjectResources } from '../support/engine.js';

// `pyat status` against a real engine: a copy of the demo stack (postgres, redis → catalog, orders
// → checkout → gateway) on test ports, brought up by `pyat up` in-process, then broken by hand in
// the ways a developer's stack breaks. Tests run in order and each puts the stack back.
const BUSYBOX = 'busybox-local:latest';
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService, BUSYBOX]);

// A value only a leak could put in the output.
const PG_PASSWORD = 'status-test-Secret-7319';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs pyat in this process with captured output, as a user would from the registry's folder. */
async function pyat(dir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    ({ write: (chunk: string | Uint8Array) => (append(String(chunk)), true), isTTY: false }) as unknown as NodeJS.WriteStream;
  const code = await main(args, {
    cwd: dir,
    env: { ...process.env, DEMO_PG_PASSWORD: PG_PASSWORD, NO_COLOR: '1', ...env },
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
  });
  return { code, stdout, stderr };
}

interface Json {
  project: string;
  healthy: number;
  total: number;
  services: {
    name: string;
    state: string;
    health: string;
    detail: string;
    exitCode: number | null;
    restarts: number;
    downBecause: string[];
    drift: { kind: string; detail: string }[];
  }[];
  orphans: { name: string; container: string; drift: { kind: string }[] }[];
}

const docker$ = (args: string[]) => execa('docker', args, { timeout: 60_000 });

describe.skipIf(!docker.ok)('pyat status on a real engine', () => {
  const project = uniqueProjectName('status');
  let dir = '';
  let ports: Record<string, number> = {};
  let registry: Record<string, unknown> = {};

  const file = () => path.join(dir, 'services.yaml');
  const writeRegistry = (r: object) => writeFile(file(), stringify(r));
  const status = async (...args: string[]) => pyat(dir, ['-f', 'services.yaml', 'status', ...args]);
  const statusJson = async (...args: string[]) => {
    const r = await status('--json', ...args);
    return { ...r, json: JSON.parse(r.stdout) as Json };
  };
  const service = (j: Json, name: string) => j.services.find((s) => s.name === name)!;
  const containerOf = async (svc: string) =>
    (
      await docker$([
        'ps',
        '-aq',
        '--filter',
        `label=com.docker.compose.project=${project}`,
        '--filter',
        `label=com.docker.compose.service=${svc}`,
      ])
    ).stdout.trim();
  const allHealthy = () =>
    waitFor(
      'the stack healthy again',
      async () => {
        const r = await statusJson();
        if (r.code !== 0) throw new Error(r.stdout);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), `${project}-`));
    const [pg = 0, redis = 0, gateway = 0, catalog = 0, orders = 0, checkout = 0, spare = 0, flaky = 0] = await testPorts(8);
    ports = { pg, redis, gateway, catalog, orders, checkout, spare, flaky };
    const app = (name: string, port: number, deps: string[], env: Record<string, string>) => ({
      image: LOCAL_IMAGES.demoService,
      port,
      depends_on: deps,
      env: { SERVICE_NAME: name, PORT: String(port), ...env },
      health: { type: 'http', path: '/health', interval: '100ms' },
    });
    const db = 'postgresql://demo:${DEMO_PG_PASSWORD}@postgres:5432/demo';
    registry = {
      name: project,
      port_range: [47000, 47999],
      services: {
        postgres: {
          image: LOCAL_IMAGES.postgres,
          port: { host: pg, container: 5432 },
          env: { POSTGRES_USER: 'demo', POSTGRES_PASSWORD: '${DEMO_PG_PASSWORD}', POSTGRES_DB: 'demo' },
          volumes: ['pg-data:/var/lib/postgresql/data'],
          health: { type: 'postgres', user: 'demo', password: '${DEMO_PG_PASSWORD}', database: 'demo' },
        },
        redis: { image: LOCAL_IMAGES.redis, port: { host: redis, container: 6379 }, health: { type: 'redis' } },
        catalog: app('catalog', catalog, ['postgres', 'redis'], { DATABASE_URL: db, REDIS_URL: 'redis://redis:6379/0' }),
        orders: app('orders', orders, ['postgres', 'redis'], { DATABASE_URL: db, REDIS_URL: 'redis://redis:6379/1' }),
        checkout: app('checkout', checkout, ['catalog', 'orders'], { UPSTREAMS: `http://catalog:${catalog},http://orders:${orders}` }),
        gateway: app('gateway', gateway, ['checkout'], { UPSTREAMS: `http://checkout:${checkout}` }),
      },
    };
    await writeRegistry(registry);
    const up = await pyat(dir, ['-f', 'services.yaml', 'up', '--no-build']);
    if (up.code !== 0) throw new Error(`pyat up failed (exit ${up.code}):\n${up.stdout}\n${up.stderr}`);
  });

  afterAll(async () => {
    if (!dir) return;
    await writeRegistry(registry);
    const down = await pyat(dir, ['-f', 'services.yaml', 'down', '--volumes']);
    // Containers made by hand (the orphan) are not Compose's to remove: sweep by label, then check.
    const left = await projectResources(project);
    await removeProjectResources(project);
    await rm(dir, { recursive: true, force: true });
    expect(down.code, down.stderr).toBe(0);
    expect(left).toEqual({ containers: [], networks: [], volumes: [] });
    expect(await projectResources(project)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => {
      const ps = await docker$([
        'ps',
        '-a',
        '--filter',
        `label=com.docker.compose.project=${project}`,
        '--format',
        '{{.Names}} {{.Status}}',
      ]);
      console.error(`--- ${project} containers ---\n${ps.stdout}`);
    });
  });

  it('a stack where every service answers its probe is healthy: exit 0, healthy == total', async () => {
    const { code, json } = await statusJson();
    expect(code).toBe(0);
    expect(json).toMatchObject({ project, healthy: 6, total: 6, orphans: [] });
    for (const s of json.services) expect(s, s.name).toMatchObject({ state: 'running', health: 'healthy', drift: [], downBecause: [] });
  });

  it('every format tells the same story, and none shows a secret', async () => {
    const summary = path.join(dir, 'step-summary.md');
    const table = await status();
    const md = await pyat(dir, ['-f', 'services.yaml', 'status', '--format', 'markdown', '--summary'], { GITHUB_STEP_SUMMARY: summary });
    const json = await status('--format', 'json');
    expect([table.code, md.code, json.code]).toEqual([0, 0, 0]);
    expect(table.stdout).toMatch(/^postgres\s+0\s+\d+\s+running\s+healthy/m);
    expect(table.stdout).toContain('6/6 healthy (100%)');
    expect(md.stdout).toContain('**6/6 healthy (100%)**');
    expect(await readFile(summary, 'utf8')).toBe(md.stdout);
    for (const out of [table, md, json]) expect(out.stdout + out.stderr).not.toContain(PG_PASSWORD);
  });

  it('a service stopped by hand is exited, not probed, and its dependents are down because of it: exit 1', async () => {
    await docker$(['stop', '-t', '5', await containerOf('orders')]);
    try {
      const { code, json } = await statusJson();
      expect(code).toBe(1);
      expect(service(json, 'orders')).toMatchObject({
        state: 'exited',
        exitCode: 0,
        health: 'down',
        detail: expect.stringMatching(/^exited with code 0/),
      });
      expect(service(json, 'checkout')).toMatchObject({ health: expect.not.stringMatching(/^healthy$/), downBecause: ['orders'] });
      expect(service(json, 'gateway').downBecause).toEqual(['orders']);
      expect(service(json, 'catalog').health).toBe('healthy');
      expect(json.healthy).toBe(3);
      // Named services are reported alone, their dependencies still explaining them.
      const only = await statusJson('checkout');
      expect(only.code).toBe(1);
      expect(only.json.services.map((s) => s.name)).toEqual(['checkout']);
      expect(only.json.services[0]!.downBecause).toEqual(['orders']);
      const table = await status();
      expect(table.stdout).toMatch(/^orders\s+1\s+\d+\s+exited \(code 0\)\s+down/m);
      expect(table.stdout).toContain('checkout down because orders is down');
    } finally {
      await docker$(['start', await containerOf('orders')]);
    }
    await allHealthy();
  });

  it('a container that dies and is restarted by its policy shows its restart count', async () => {
    const id = await containerOf('catalog');
    // `docker kill` counts as a manual stop, which no restart policy undoes: the process must die
    // by itself, so it is asked to from inside (the demo service exits 0 on SIGTERM).
    await docker$(['update', '--restart=always', id]);
    try {
      await docker$(['exec', id, 'sh', '-c', 'kill -TERM 1']);
      const { code, json } = await waitFor(
        'catalog restarted',
        async () => {
          const r = await statusJson();
          if (service(r.json, 'catalog').restarts < 1) throw new Error(r.stdout);
          return r;
        },
        { timeoutMs: 30_000, intervalMs: 300 },
      );
      const catalog = service(json, 'catalog');
      expect(['running', 'starting', 'restarting']).toContain(catalog.state);
      expect(code).toBe(json.healthy === json.total ? 0 : 1);
      await allHealthy();
      expect(service((await statusJson()).json, 'catalog').restarts).toBeGreaterThanOrEqual(1);
    } finally {
      await docker$(['update', '--restart=no', id]);
    }
  });

  it('a container of the project that the registry does not declare is listed as an orphan', async () => {
    const name = `${project}-ghost`;
    await docker$([
      'run',
      '-d',
      '--name',
      name,
      '--label',
      `com.docker.compose.project=${project}`,
      '--label',
      'com.docker.compose.service=ghost',
      BUSYBOX,
      'sleep',
      '300',
    ]);
    try {
      const { code, json } = await statusJson();
      // Every declared service is still healthy: an orphan is drift, not ill health.
      expect(code).toBe(0);
      expect(json.orphans).toEqual([
        {
          name: 'ghost',
          container: name,
          state: 'running',
          image: BUSYBOX,
          drift: [{ kind: 'orphan', detail: expect.stringContaining('no service ghost') }],
        },
      ]);
      expect(json.services.map((s) => s.name)).not.toContain('ghost');
      expect((await status()).stdout).toMatch(/^ghost\s+orphan\s+container/m);
    } finally {
      await docker$(['rm', '-f', name]);
    }
  });

  it('a port changed in the registry after up is port drift (and stale): the registry port does not answer', async () => {
    const services = registry.services as Record<string, Record<string, unknown>>;
    await writeRegistry({ ...registry, services: { ...services, orders: { ...services.orders, port: ports.spare } } });
    try {
      const { code, json } = await statusJson();
      expect(code).toBe(1);
      const orders = service(json, 'orders');
      expect(orders.drift.map((d) => d.kind)).toEqual(['port', 'stale']);
      expect(orders.drift[0]!.detail).toBe(
        `publishes 127.0.0.1:${ports.orders}->${ports.orders}; the registry says 127.0.0.1:${ports.spare}->${ports.spare}`,
      );
      expect(orders.health).not.toBe('healthy');
      expect(orders.detail).toContain(`probed at the registry's port ${ports.spare}`);
    } finally {
      await writeRegistry(registry);
    }
  });

  it('a registry change not yet applied is stale; another image is image drift', async () => {
    const services = registry.services as Record<string, Record<string, unknown>>;
    const gateway = services.gateway!;
    const changed = {
      ...services,
      gateway: { ...gateway, env: { ...(gateway.env as object), LOG_LEVEL: 'debug' } },
      redis: { ...services.redis, image: LOCAL_IMAGES.debian },
    };
    await writeRegistry({ ...registry, services: changed });
    try {
      const { code, json } = await statusJson();
      // Still running and answering: drift is reported, health is not invented.
      expect(code).toBe(0);
      expect(service(json, 'gateway').drift).toEqual([
        { kind: 'stale', detail: expect.stringContaining('created from another definition') },
      ]);
      expect(service(json, 'redis').drift.map((d) => d.kind)).toEqual(['stale', 'image']);
      expect(service(json, 'redis').drift[1]!.detail).toBe(`runs ${LOCAL_IMAGES.redis}; the registry names ${LOCAL_IMAGES.debian}`);
      expect(service(json, 'catalog').drift).toEqual([]);
    } finally {
      await writeRegistry(registry);
    }
  });

  it('a service answering 503 is unhealthy, with the reason as its detail: exit 1', async () => {
    const services = registry.services as Record<string, Record<string, unknown>>;
    const flaky = {
      image: LOCAL_IMAGES.demoService,
      port: ports.flaky,
      env: { SERVICE_NAME: 'flaky', PORT: String(ports.flaky), UNHEALTHY_REASON: 'maintenance window' },
      // A short start-up budget: past it, not ready means unhealthy rather than starting.
      health: { type: 'http', path: '/health', interval: '100ms', timeout: '2s' },
    };
    await writeRegistry({ ...registry, services: { ...services, flaky } });
    try {
      const up = await pyat(dir, ['-f', 'services.yaml', 'up', '--no-build', 'flaky']);
      expect(up.code).toBe(1);
      const { code, json } = await waitFor(
        'flaky past its start-up budget',
        async () => {
          const r = await statusJson('flaky');
          if (r.json.services[0]?.health !== 'unhealthy') throw new Error(r.stdout);
          return r;
        },
        { timeoutMs: 20_000, intervalMs: 300 },
      );
      expect(code).toBe(1);
      expect(json.services[0]).toMatchObject({
        name: 'flaky',
        state: 'running',
        health: 'unhealthy',
        detail: expect.stringMatching(/^HTTP 503: .*maintenance window/),
      });
      expect([json.healthy, json.total]).toEqual([0, 1]);
    } finally {
      await docker$(['rm', '-f', await containerOf('flaky')]);
      await writeRegistry(registry);
    }
  });

  it('--watch prints a line when a service changes and ends with exit 0 on Ctrl-C', async () => {
    let out = '';
    const sink = { write: (c: string) => ((out += c), true), isTTY: false } as unknown as NodeJS.WriteStream;
    const watching = main(['-f', 'services.yaml', 'status', '--watch', '300ms', '--probe-timeout', '1s'], {
      cwd: dir,
      env: { ...process.env, DEMO_PG_PASSWORD: PG_PASSWORD },
      stdout: sink,
      stderr: sink,
    });
    try {
      await waitFor('the first look', async () => expect(out).toContain('6/6 healthy (100%)'), { timeoutMs: 15_000, intervalMs: 100 });
      await docker$(['stop', '-t', '5', await containerOf('gateway')]);
      // A look may catch it between closing its port and exiting: then it says unhealthy first.
      await waitFor(
        'the change line',
        async () => expect(out).toMatch(/^\S+Z gateway (un)?healthy -> exited \(code 0\): exited with code 0/m),
        {
          timeoutMs: 15_000,
          intervalMs: 100,
        },
      );
      // Once seen healthy, a failing probe is never taken for a start-up.
      expect(out).not.toMatch(/gateway healthy -> starting/);
    } finally {
      // What Ctrl-C delivers: the handler withInterrupt installed, without signalling the test runner.
      process.emit('SIGINT', 'SIGINT');
      expect(await watching).toBe(0);
      await docker$(['start', await containerOf('gateway')]);
    }
    expect(out).toMatch(/5\/6 healthy \(83%\)/);
    await allHealthy();
  });

  it('an engine that cannot be reached is said in one line, with exit 3', async () => {
    const unreachable = { DOCKER_HOST: 'unix:///nonexistent.sock' };
    const json = await pyat(dir, ['-f', 'services.yaml', 'status', '--json'], unreachable);
    expect(json.code).toBe(3);
    expect(json.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(json.stdout)).toEqual({
      project,
      error: {
        code: 'E_ENGINE',
        message: 'Docker engine not reachable at unix:///nonexistent.sock: no such socket',
        hint: expect.any(String),
      },
    });
    expect(json.stderr).toBe('');
    const table = await pyat(dir, ['-f', 'services.yaml', 'status'], unreachable);
    expect(table.code).toBe(3);
    expect(table.stdout).toBe('');
    expect(table.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^pyat status: cannot tell the status of .*: Docker engine not reachable at unix:\/\/\/nonexistent\.sock: no such socket \(.+\)$/,
      ),
    ]);
  });
});
