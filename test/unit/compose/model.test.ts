import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildComposeModel } from '../../../src/compose/model.js';
import { renderComposeFile } from '../../../src/compose/render.js';
import { rebase, rebaseVolume, namedVolumeOf } from '../../../src/compose/paths.js';
import { registryOf, svc } from '../../support/registry.js';

const pg = svc('postgres', {
  image: 'postgres:16-alpine',
  infra: true,
  port: { host: 5433, container: 5432, bind: '127.0.0.1' },
  env: { POSTGRES_USER: '${POSTGRES_USER:-app}', POSTGRES_PASSWORD: '${POSTGRES_PASSWORD}', POSTGRES_DB: 'app' },
  volumes: ['pg-data:/var/lib/postgresql/data'],
  health: { type: 'postgres', user: '${POSTGRES_USER:-app}', password: '${POSTGRES_PASSWORD}', database: 'app', interval: 200, timeout: 60_000 },
});
const redis = svc('redis', {
  image: 'redis:7-alpine',
  infra: true,
  port: { host: 6380, container: 6379, bind: '127.0.0.1' },
  health: { type: 'redis', password: '${REDIS_PASSWORD}', interval: 250, timeout: 30_000 },
});
const api = svc('api', {
  image: undefined,
  build: { context: './services/api', args: { NODE_ENV: 'development' } },
  port: { host: 8000, container: 8000, bind: '0.0.0.0' },
  deps: ['postgres', 'redis'],
  env: { API_KEY: '${API_KEY:?set API_KEY}' },
  volumes: ['./data:/data:ro'],
});
const worker = svc('worker', { deps: ['api'], health: { type: 'none' } });
const registry = registryOf([pg, redis, api, worker]);
const model = buildComposeModel(registry, { outDir: '/project/compose' });

describe('compose model', () => {
  it('publishes ports on 127.0.0.1 unless the registry binds elsewhere', () => {
    expect(model.services.postgres?.ports).toEqual(['127.0.0.1:5433:5432']);
    expect(model.services.api?.ports).toEqual(['0.0.0.0:8000:8000']);
  });

  it('keeps ${VAR} references as written and never resolves a secret', () => {
    expect(model.services.postgres?.environment?.POSTGRES_PASSWORD).toBe('${POSTGRES_PASSWORD}');
    expect(model.services.api?.environment?.API_KEY).toBe('${API_KEY:?set API_KEY}');
  });

  it('gates dependencies that have a probe on service_healthy', () => {
    expect(model.services.api?.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(model.services.worker?.depends_on).toEqual({ api: { condition: 'service_healthy' } });
  });

  it('in the file pyat hands Compose (pyat gates), keeps the order but no health condition', () => {
    const runtime = buildComposeModel(registry, { outDir: '/project/compose', target: 'v1', gate: 'pyat' });
    expect(runtime.services.api?.depends_on).toEqual({ postgres: { condition: 'service_started' }, redis: { condition: 'service_started' } });
    expect(runtime.services.api?.healthcheck).toEqual(buildComposeModel(registry, { outDir: '/project/compose', target: 'v1' }).services.api?.healthcheck);
  });

  it('mirrors each probe in a container healthcheck that polls fast while starting', () => {
    expect(model.services.postgres?.healthcheck).toEqual({
      test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', '${POSTGRES_USER:-app}', '-d', 'app'],
      interval: '10s', timeout: '3s', retries: 3, start_period: '1m', start_interval: '200ms',
    });
    expect(model.services.api?.healthcheck?.test[1]).toContain('http://127.0.0.1:8000/health');
    expect(model.services.worker?.healthcheck).toBeUndefined();
  });

  it('passes the redis password to redis-cli through the environment, not the command line', () => {
    expect(model.services.redis?.environment).toEqual({ REDISCLI_AUTH: '${REDIS_PASSWORD}' });
    expect(model.services.redis?.healthcheck?.test.join(' ')).not.toContain('REDIS_PASSWORD');
  });

  it('rewrites build contexts and bind mounts relative to compose/', () => {
    expect(model.services.api?.build).toEqual({ context: '../services/api', args: { NODE_ENV: 'development' } });
    expect(model.services.api?.volumes).toEqual(['../data:/data:ro']);
    expect(model.services.postgres?.volumes).toEqual(['pg-data:/var/lib/postgresql/data']);
  });

  it('declares named volumes at the top level', () => {
    expect(model.volumes).toEqual({ 'pg-data': {} });
  });

  it('labels every container with its tier and probe', () => {
    expect(model.services.worker?.labels).toMatchObject({ 'dev.pyat.managed': 'true', 'dev.pyat.tier': '2', 'dev.pyat.probe': 'none' });
    expect(model.services.worker?.labels['dev.pyat.config-hash']).toMatch(/^[0-9a-f]{16}$/);
  });

  it('drops start_interval for Compose v1, which rejects it', () => {
    const v1 = buildComposeModel(registry, { outDir: '/project/compose', target: 'v1' });
    expect(v1.services.postgres?.healthcheck).not.toHaveProperty('start_interval');
    expect(v1.services.postgres?.healthcheck?.start_period).toBe('1m');
  });

  it('renders byte-identical text for the same registry, with a do-not-edit header', () => {
    const a = renderComposeFile(model, registry.files, '/project/compose');
    const b = renderComposeFile(buildComposeModel(registry, { outDir: '/project/compose' }), registry.files, '/project/compose');
    expect(a).toBe(b);
    expect(a.split('\n')[0]).toBe('# Generated by pyat from services.yaml. Do not edit: change the registry and run `pyat generate`.');
  });

  it('writes the restart policy as the registry gives it, and none when it gives none', () => {
    const reg = registryOf([svc('web', { image: 'x', restart: 'no' }), svc('worker', { image: 'y', restart: 'on-failure:3' }), svc('job', { image: 'z' })]);
    const m = buildComposeModel(reg, { outDir: '/project/compose' });
    expect([m.services.web?.restart, m.services.worker?.restart, m.services.job]).toEqual(['no', 'on-failure:3', expect.not.objectContaining({ restart: expect.anything() })]);
    // `no` is false to YAML 1.1: Compose v1 would refuse it unquoted.
    expect(renderComposeFile(m, reg.files, '/project/compose')).toContain('    restart: "no"\n');
  });

  it('quotes every string that YAML 1.1 (Compose v1) or 1.2 (Compose v2) would read as a boolean, number, date or null', () => {
    const misread = ['yes', 'No', 'off', 'ON', 'y', 'N', 'true', '1:30', '0755', '0o17', '0x1F', '1_000', '1e3', '.5', '.inf', '2001-12-14', '~', 'null', '', '<<', '-1'];
    const fine = ['hello', 'info', 'yes please', 'v1.2.3', 'http://x:8/p', '${VAR:-no}', 'a-b'];
    const env = Object.fromEntries([...misread, ...fine].map((v, i) => [`V${i}`, v]));
    const text = renderComposeFile({ services: { web: { image: 'x', environment: env, command: ['run', 'yes'], labels: {} } } }, ['/p/services.yaml'], '/p/compose');
    const lines = text.split('\n');
    misread.forEach((v, i) => expect(lines, v).toContain(`      V${i}: ${JSON.stringify(v)}`));
    fine.forEach((v, i) => expect(lines, v).toContain(`      V${misread.length + i}: ${v}`));
    expect(lines).toContain('      - "yes"');
    // Both readings give back the strings written.
    for (const version of ['1.1', '1.2'] as const) {
      const read = parse(text, { version }) as { services: { web: { environment: Record<string, unknown>; command: unknown } } };
      expect(read.services.web.environment).toEqual(env);
      expect(read.services.web.command).toEqual(['run', 'yes']);
    }
  });
});

describe('compose paths', () => {
  it('tells named volumes from bind mounts', () => {
    expect(namedVolumeOf('data:/x')).toBe('data');
    expect(namedVolumeOf('./data:/x')).toBeUndefined();
    expect(namedVolumeOf('/abs:/x')).toBeUndefined();
    expect(namedVolumeOf('/only-a-container-path')).toBeUndefined();
  });

  it('keeps absolute and home paths, rebases relative ones', () => {
    expect(rebase('/abs/path', '/p', '/p/compose')).toBe('/abs/path');
    expect(rebase('~/x', '/p', '/p/compose')).toBe('~/x');
    expect(rebase('.', '/p', '/p/compose')).toBe('..');
    expect(rebase('compose/sub', '/p', '/p/compose')).toBe('./sub');
    expect(rebaseVolume('./conf:/etc/conf:ro', '/p', '/p/compose')).toBe('../conf:/etc/conf:ro');
  });
});

describe('config hash label', () => {
  it('changes when a definition changes and only then', () => {
    const again = buildComposeModel(registryOf([pg, redis, api, worker]), { outDir: '/elsewhere' });
    expect(again.services.api?.labels['dev.pyat.config-hash']).toBe(model.services.api?.labels['dev.pyat.config-hash']);
    const changed = buildComposeModel(registryOf([pg, redis, { ...api, env: { API_KEY: '${OTHER}' } }, worker]), { outDir: '/project/compose' });
    expect(changed.services.api?.labels['dev.pyat.config-hash']).not.toBe(model.services.api?.labels['dev.pyat.config-hash']);
    expect(changed.services.postgres?.labels['dev.pyat.config-hash']).toBe(model.services.postgres?.labels['dev.pyat.config-hash']);
  });
});
