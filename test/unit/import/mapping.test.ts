// Compose services → registry services, on the fixtures written for it (test/fixtures/import/).

import { describe, expect, it } from 'vitest';
import { formatEntry } from '../../../src/import/report.js';
import { imported, importFixture } from './fixtures.js';

const team = imported('team', ['compose.yaml', 'compose.override.yaml']);
const svc = (name: string) => team.registry.services[name]!;
const report = team.entries.map(formatEntry);

describe('mapping Compose services to the registry', () => {
  it('keeps env values byte for byte, list and map forms: ${…}, $$, quotes, empty values; a bare KEY becomes ${KEY}', () => {
    expect(svc('api').env).toEqual({
      DATABASE_URL: 'postgres://app:${POSTGRES_PASSWORD}@postgres:5432/app',
      REDIS_URL: 'redis://:${REDIS_PASSWORD}@redis:6379/0',
      JWT_SECRET: '${JWT_SECRET}',
      TOKEN_EXPIRY: '15',
      SESSION_TTL: '1h',
      GREETING: '"hello, world"',
      PRICE: '$$5',
      EMPTY: '',
      HOME_DIR: '${HOME}',
      PASSTHROUGH: '${PASSTHROUGH}',
      LOG_LEVEL: 'debug',
    });
    expect(svc('worker').env).toEqual({ API_TOKEN: '${API_TOKEN}', CONCURRENCY: '1', DEBUG: 'false' });
  });

  it('an override that only changes timing or env changes only that', () => {
    const base = imported('team', ['compose.yaml']);
    expect(base.registry.services.api!.env).toMatchObject({ SESSION_TTL: '30m' });
    expect({ ...base.registry.services.api, env: undefined, health: undefined }).toEqual({
      ...svc('api'),
      env: undefined,
      health: undefined,
    });
    expect((base.registry.services.api!.health as { timeout: string }).timeout).toBe('1m20s');
    expect((svc('api').health as { timeout: string }).timeout).toBe('40s');
  });

  it('depends_on in every form; service_completed_successfully makes the dependency a job', () => {
    expect(svc('api').depends_on).toEqual(['postgres', 'redis', 'migrate']);
    expect(svc('worker').depends_on).toEqual(['redis', 'api']);
    expect(svc('migrate')).toMatchObject({ job: true, depends_on: ['postgres'] });
    expect(svc('migrate').health).toBeUndefined();
  });

  it('several published ports; an unpublished database publishes none and keeps its probe', () => {
    expect(svc('api').ports).toEqual([8001, 9464]);
    expect(svc('redis').port).toEqual({ host: 6380, container: 6379 });
    expect(svc('postgres').port).toBeUndefined();
    expect(svc('postgres').ports).toBeUndefined();
    expect(svc('postgres').health).toEqual({ type: 'postgres', timeout: '1m20s' });
  });

  it('health from the healthcheck: postgres, redis with its password, http with its path, exec with the command', () => {
    expect(svc('redis').health).toEqual({ type: 'redis', password: '${REDIS_PASSWORD}', timeout: '3m' });
    expect(svc('api').health).toEqual({ type: 'http', path: '/healthz', timeout: '40s' });
    expect(svc('worker').health).toEqual({ type: 'exec', command: 'test -f /tmp/worker-ready', timeout: '2m15s' });
  });

  it('build with context rebased to the output folder, dockerfile, args, target; command as written', () => {
    expect(svc('api').build).toEqual({
      context: './api',
      dockerfile: 'Dockerfile.dev',
      args: { NPM_TOKEN: '${NPM_TOKEN}' },
      target: 'dev',
    });
    expect(svc('migrate')).toMatchObject({
      build: { context: './api', args: { NODE_ENV: 'production' } },
      command: ['node', 'migrate.js'],
    });
  });

  it('services without a build are infra; resources from deploy.resources.limits; anchors expanded', () => {
    expect(svc('postgres').infra).toBe(true);
    expect(svc('api').infra).toBeUndefined();
    expect(svc('web').resources).toEqual({ memory: '256M', cpus: 0.5 });
    expect(svc('api')).toMatchObject({ restart: 'unless-stopped', compose: { labels: { 'team.owner': 'platform' } } });
  });

  it('port_range covers the application ports and is reported when it is not 8000–8008', () => {
    expect(team.registry.port_range).toEqual([8001, 9464]);
    expect(report).toContain(
      "compose.yaml:54 port_range added — [8001, 9464]: the imported application ports (api's here) are not all within 8000–8008",
    );
  });

  it('a key without a registry equivalent goes to compose:; a dropped key is reported with the reason', () => {
    expect(svc('web').compose).toEqual({ stop_grace_period: '5s', deploy: { replicas: 1 } });
    expect(report).toContain(
      'compose.yaml:113 web.stop_grace_period kept-in-compose — no registry key: carried over under compose:, merged into the generated service',
    );
    expect(report).toContain(
      'compose.yaml:53 api.container_name dropped — pyat names containers by project and service as Compose does; a fixed name breaks -p and parallel projects',
    );
    expect(report.filter((l) => / (version|networks|x-app|worker\.links) dropped/.test(l))).toHaveLength(4);
  });

  it('every report line says file:line service.key action — why', () => {
    for (const line of report)
      expect(line).toMatch(/^compose(\.override)?\.yaml:\d+ \S+ (mapped|rewritten|added|kept-in-compose|dropped|conflict) — \S/);
    expect(report).toContain(
      'compose.yaml:60 api.environment.JWT_SECRET rewritten — a literal secret: now ${JWT_SECRET} (in required_env and .env.example; the value only in --env-out)',
    );
  });

  it('extends is expanded, from another file and the same one, paths kept pointing at the same folder', () => {
    const r = imported('extends', ['compose.yaml']);
    expect(r.registry.services.catalog).toMatchObject({
      build: './app',
      port: 8002,
      env: { NODE_ENV: 'development', LOG_LEVEL: 'debug', SERVICE: 'catalog' },
    });
    expect(r.registry.services.orders).toEqual({
      build: './app',
      command: ['node', 'worker.js'],
      port: 8003,
      env: { NODE_ENV: 'development', LOG_LEVEL: 'info', SERVICE: 'orders' },
      restart: 'unless-stopped',
    });
  });

  it('a port clash and a dependency on an undefined service are conflicts', () => {
    const r = imported('clash', ['compose.yaml']);
    const lines = r.entries.map(formatEntry);
    expect(lines).toContain(
      'compose.yaml:9 admin.ports conflict — host port 8001 is published by another service too: give one of them another port',
    );
    expect(lines).toContain(
      'compose.yaml:6 api.depends_on.auth conflict — depends on auth, which no file defines: left out — add the service or pass the file that defines it',
    );
    expect(r.registry.services.api!.depends_on).toBeUndefined();
  });

  it('a duplicated services: key is refused with its line; so is an override alone ("pass the base file first")', () => {
    const dup = importFixture('duplicate', ['compose.yaml']);
    expect(dup).toMatchObject({
      problems: [{ message: 'a key is written twice: Map keys must be unique', location: { file: 'compose.yaml', line: 4 } }],
    });
    const alone = importFixture('team', ['compose.override.yaml']);
    expect('problems' in alone && alone.problems.map((p) => p.hint)).toEqual([
      expect.stringMatching(/^pass the base file first/),
      expect.stringMatching(/^pass the base file first/),
    ]);
  });

  it('.env.example names every referenced variable with no value and the services that use it', () => {
    expect(team.envExampleText).toContain(
      '# used by postgres, migrate, api — a secret: its value was taken out of the Compose files\nPOSTGRES_PASSWORD=\n',
    );
    expect(team.envExampleText).toContain('# used by api\nPASSTHROUGH=\n');
    expect(
      team.envExampleText
        .split('\n')
        .filter((l) => l.includes('=') && !l.startsWith('#'))
        .every((l) => l.endsWith('=')),
    ).toBe(true);
  });

  it('the secrets go to required_env; their values only to the vault', () => {
    expect(svc('api').required_env).toEqual(['JWT_SECRET', 'NPM_TOKEN', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD']);
    expect([...team.secrets.keys()].sort()).toEqual(['API_TOKEN', 'JWT_SECRET', 'NPM_TOKEN', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD']);
  });
});
