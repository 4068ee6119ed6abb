import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { LOCAL_IMAGES, projectResources, requireDocker, testPorts, useComposeProject, waitFor } from '../support/docker.js';

// The demo stack's building blocks under a real Compose, seen from the host as pyat's probes see
// them. The Compose files are written here by hand until `pyat generate` (src/compose/) makes them.
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService]);

const PG = { user: 'demo', password: 'demo-secret', database: 'demo' };

// pg_isready over TCP: during initdb the entrypoint's temporary server listens on the socket only,
// so a socket check would call a half-initialised database healthy.
const postgres = (ports: string[] = []) => ({
  image: LOCAL_IMAGES.postgres,
  environment: { POSTGRES_USER: PG.user, POSTGRES_PASSWORD: PG.password, POSTGRES_DB: PG.database },
  ports,
  volumes: ['pg-data:/var/lib/postgresql/data'],
  healthcheck: {
    test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', PG.user, '-d', PG.database],
    interval: '500ms',
    timeout: '3s',
    retries: 120,
  },
});

const redis = (ports: string[] = []) => ({
  image: LOCAL_IMAGES.redis,
  ports,
  healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '500ms', timeout: '3s', retries: 60 },
});

async function query(port: number, password: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ host: '127.0.0.1', port, ...PG, password, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return (await client.query(sql)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ping(port: number): Promise<string> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

// Waits are bounded by waitFor; the test timeout only has to stay above them on a busy machine.
const slow = { timeout: 90_000 };

describe.skipIf(!docker.ok)('the demo Postgres and Redis under Compose', slow, () => {
  let pgPort = 0;
  let redisPort = 0;
  const project = useComposeProject('infra', async () => {
    [pgPort = 0, redisPort = 0] = await testPorts(2);
    return {
      services: { postgres: postgres([`127.0.0.1:${pgPort}:5432`]), redis: redis([`127.0.0.1:${redisPort}:6379`]) },
      volumes: { 'pg-data': {} },
    };
  });

  it('Postgres answers SELECT 1 from the host with the password', async () => {
    const rows = await waitFor('postgres SELECT 1', () => query(pgPort, PG.password, 'SELECT 1 AS one'), { timeoutMs: 60_000 });
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('Postgres refuses a wrong password (password authentication, not trust)', async () => {
    await expect(query(pgPort, 'not-the-password', 'SELECT 1')).rejects.toThrow(/password authentication failed for user "demo"/);
  });

  it('Redis answers PING from the host', async () => {
    expect(await waitFor('redis PING', () => ping(redisPort))).toBe('PONG');
  });

  it('down -v leaves no container, network or volume of the project', async () => {
    const p = project();
    const before = await projectResources(p.name);
    // The check below means something only if there was something to remove.
    expect(before.containers).toHaveLength(2);
    expect(before.volumes).toEqual([`${p.name}_pg-data`]);
    expect(await p.down()).toEqual({ containers: [], networks: [], volumes: [] });
  });
});

interface Health {
  status: number;
  body: { status: string; service: string; failed?: { upstream: string; reason: string }[] };
}

async function health(port: number): Promise<Health> {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) });
  return { status: res.status, body: (await res.json()) as Health['body'] };
}

// Polls until `accept` holds, so that start-up order does not make the test flaky.
function healthUntil(port: number, what: string, accept: (h: Health) => boolean): Promise<Health> {
  return waitFor(what, async () => {
    const h = await health(port);
    if (!accept(h)) throw new Error(`got ${h.status} ${JSON.stringify(h.body)}`);
    return h;
  });
}

describe.skipIf(!docker.ok)('the demo service image', slow, () => {
  let ports: number[] = [];
  const project = useComposeProject('demo-service', async () => {
    ports = await testPorts(3);
    const healthy = { condition: 'service_healthy' };
    const service = (name: string, port: number, env: Record<string, string>, dependsOn: object) => ({
      image: LOCAL_IMAGES.demoService,
      environment: { SERVICE_NAME: name, PORT: '8080', ...env },
      ports: [`127.0.0.1:${port}:8080`],
      depends_on: dependsOn,
    });
    const databases = {
      DATABASE_URL: `postgresql://${PG.user}:${PG.password}@postgres:5432/${PG.database}`,
      REDIS_URL: 'redis://redis:6379/0',
    };
    const [catalog = 0, checkout = 0, gateway = 0] = ports;
    return {
      services: {
        postgres: postgres(),
        redis: redis(),
        catalog: service('catalog', catalog, databases, { postgres: healthy, redis: healthy }),
        checkout: service('checkout', checkout, { ...databases, UPSTREAMS: 'http://catalog:8080' }, { postgres: healthy, redis: healthy }),
        // Like the real airtable-gateway: a key it needs is missing.
        gateway: service('gateway', gateway, { UPSTREAMS: 'http://checkout:8080', REQUIRE_ENV: 'AIRTABLE_TOKEN' }, ['checkout']),
      },
      volumes: { 'pg-data': {} },
    };
  });

  it('/health answers 200 when Postgres, Redis and its HTTP upstream answer', async () => {
    const [catalog = 0, checkout = 0] = ports;
    expect((await healthUntil(catalog, 'catalog healthy', (h) => h.status === 200)).body).toEqual({ status: 'ok', service: 'catalog' });
    expect((await healthUntil(checkout, 'checkout healthy', (h) => h.status === 200)).body).toEqual({ status: 'ok', service: 'checkout' });
  });

  it('/health answers 503 "invalid API key" when a required key is not set', async () => {
    const gateway = ports[2] ?? 0;
    // Wait until its upstream is fine, so that the missing key is the only reason left.
    const h = await healthUntil(gateway, 'gateway missing only its key', (x) => x.body.failed?.length === 1);
    expect(h.status).toBe(503);
    expect(h.body).toEqual({
      status: 'unhealthy',
      service: 'gateway',
      failed: [{ upstream: 'config', reason: 'AIRTABLE_TOKEN is not set: invalid API key' }],
    });
  });

  it('a stopped database makes every service above it unhealthy, naming the cause', async () => {
    const [catalog = 0, checkout = 0] = ports;
    await project().run(['stop', '--timeout', '2', 'postgres']);
    const c = await healthUntil(catalog, 'catalog unhealthy', (h) => h.status === 503);
    expect(c.body.failed?.map((f) => f.upstream)).toEqual(['postgresql://postgres:5432/demo']);
    const k = await healthUntil(checkout, 'checkout unhealthy', (h) => h.status === 503);
    const viaCatalog = k.body.failed?.find((f) => f.upstream === 'http://catalog:8080');
    expect(viaCatalog?.reason).toMatch(/^HTTP 503: postgresql:\/\/postgres:5432\/demo: /);
  });

  it('down -v leaves nothing of the project behind', async () => {
    expect(await project().down()).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
