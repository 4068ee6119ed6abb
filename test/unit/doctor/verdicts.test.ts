import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { bindVerdicts } from '../../../src/doctor/bind.js';
import { composeVerdict } from '../../../src/doctor/compose.js';
import { diskVerdict, measureDisk } from '../../../src/doctor/disk.js';
import { engineVerdict } from '../../../src/doctor/engine.js';
import { envVerdicts } from '../../../src/doctor/env.js';
import { imageGroups, imageVerdict } from '../../../src/doctor/images.js';
import { portVerdict } from '../../../src/doctor/ports.js';
import { registryOf, svc } from '../../support/registry.js';

const GB = 1024 ** 3;
const port = (host: number, bind = '127.0.0.1') => ({ port: { host, container: 80, bind } });

describe('doctor: the engine', () => {
  it('passes with its version and address', () => {
    expect(engineVerdict({ version: '20.10.24', apiVersion: '1.41', where: 'unix:///var/run/docker.sock' })).toEqual({
      name: 'engine',
      status: 'pass',
      detail: 'Docker Engine 20.10.24 (API 1.41) at unix:///var/run/docker.sock',
    });
  });

  it("fails with pyat's own message and hint when it cannot be reached", () => {
    const err = new EnvironmentError('E_ENGINE', 'Docker engine not reachable at unix:///x.sock: no such socket', 'start Docker');
    expect(engineVerdict({ error: err })).toEqual({
      name: 'engine',
      status: 'fail',
      detail: 'Docker engine not reachable at unix:///x.sock: no such socket',
      fix: 'start Docker',
    });
  });
});

describe('doctor: Compose', () => {
  it('passes v2, warns on v1 (end of life), fails when neither is there', () => {
    expect(composeVerdict({ kind: 'v2', version: '2.24.5', argv: ['docker', 'compose'] }).status).toBe('pass');
    const v1 = composeVerdict({ kind: 'v1', version: '1.29.2', argv: ['docker-compose'] });
    expect(v1).toMatchObject({ status: 'warn', detail: 'Compose v1 1.29.2 (docker-compose): v1 is end-of-life since July 2023' });
    expect(v1.fix).toContain('Compose v2');
    expect(composeVerdict({ error: new EnvironmentError('E_COMPOSE', 'Docker Compose not found', 'install it') })).toMatchObject({
      status: 'fail',
      fix: 'install it',
    });
  });
});

describe('doctor: ports', () => {
  const api = svc('api', port(8001));
  it('passes a free port, and one held by this project', () => {
    expect(portVerdict(api, api.ports[0]!, 'shop', true, [])).toMatchObject({
      name: 'port 8001',
      status: 'pass',
      detail: '127.0.0.1:8001 (api) is free',
    });
    expect(portVerdict(api, api.ports[0]!, 'shop', false, [{ name: 'shop-api-1', project: 'shop' }])).toMatchObject({
      status: 'pass',
      detail: "127.0.0.1:8001 (api) is held by this project's container shop-api-1",
    });
  });

  it('fails a port held by another container, another process, or someone the engine cannot name', () => {
    expect(portVerdict(api, api.ports[0]!, 'shop', false, [{ name: 'other-1', project: 'other' }])).toMatchObject({
      status: 'fail',
      detail: '127.0.0.1:8001 (api) is taken by container other-1 of project other',
      fix: 'stop it (docker stop other-1) or change the port in the registry',
    });
    expect(portVerdict(api, api.ports[0]!, 'shop', false, [])).toMatchObject({
      status: 'fail',
      detail: '127.0.0.1:8001 (api) is taken by another process',
    });
    expect(portVerdict(api, api.ports[0]!, 'shop', false, undefined).detail).toContain('the engine cannot be asked');
  });
});

describe('doctor: required env', () => {
  const registry = registryOf([svc('api', { requiredEnv: ['API_TOKEN', 'REGION'] }), svc('worker', { requiredEnv: ['API_TOKEN'] })]);
  it('names each variable and who needs it, and never its value', () => {
    const lines = envVerdicts(registry, [...registry.services.values()], { API_TOKEN: 's3cr3t-value', REGION: '' });
    expect(lines).toEqual([
      { name: 'env API_TOKEN', status: 'pass', detail: 'set (required by api, worker)' },
      {
        name: 'env REGION',
        status: 'fail',
        detail: 'empty (required by api)',
        fix: 'set REGION in the environment or in .env beside services.yaml',
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('s3cr3t');
    expect(envVerdicts(registry, [...registry.services.values()], {})[1]!.detail).toBe('not set (required by api)');
  });

  it('is one passing line when nothing is required', () => {
    expect(envVerdicts(registryOf([svc('a')]), [svc('a')], {})).toEqual([
      { name: 'env', status: 'pass', detail: 'no service declares required_env' },
    ]);
  });
});

describe('doctor: images', () => {
  it('passes an image present or buildable, warns one that must be pulled, fails a missing build context', () => {
    expect(imageVerdict({ image: 'pg:15', services: ['db'], present: true })).toMatchObject({
      status: 'pass',
      detail: 'present locally (db)',
    });
    expect(
      imageVerdict({ image: 'app:dev', services: ['a', 'b'], present: false, build: { context: './app', exists: true } }),
    ).toMatchObject({ status: 'pass', detail: 'not built yet; will be built from ./app (a, b)' });
    expect(imageVerdict({ image: 'redis:7', services: ['cache'], present: false })).toMatchObject({
      status: 'warn',
      detail: 'not present; will be pulled (cache)',
    });
    expect(imageVerdict({ services: ['x'], present: false, build: { context: './gone', exists: false } })).toMatchObject({
      name: 'image x',
      status: 'fail',
    });
  });

  it('checks an image shared by several services once', () => {
    const groups = imageGroups([
      svc('a', { image: 'same' }),
      svc('b', { image: 'same' }),
      svc('c', { image: undefined }),
      svc('d', { image: undefined }),
    ]);
    expect(groups.map((g) => g.services.map((s) => s.name))).toEqual([['a', 'b'], ['c'], ['d']]);
  });
});

describe('doctor: disk', () => {
  it('passes 5 GB or more, warns under 5 GB, fails under 1 GB', () => {
    expect(diskVerdict({ dir: '/d', free: 20 * GB })).toEqual({ name: 'disk', status: 'pass', detail: '20.0 GB free in /d' });
    expect(diskVerdict({ dir: '/d', free: 4 * GB }).status).toBe('warn');
    expect(diskVerdict({ dir: '/d', free: 0.5 * GB }).status).toBe('fail');
  });

  it("falls back to /var/lib/docker when the engine's dir is not readable, and warns when neither is", async () => {
    const facts = await measureDisk('/vm/only', async (dir) => {
      if (dir === '/vm/only') throw new Error('ENOENT');
      return 10 * GB;
    });
    expect(facts).toEqual({ dir: '/var/lib/docker', free: 10 * GB, fallback: '/vm/only' });
    expect(diskVerdict(facts).detail).toContain("the engine's /vm/only is not readable from here");
    const none = await measureDisk('/vm/only', async () => Promise.reject(new Error('ENOENT')));
    expect(diskVerdict(none)).toMatchObject({ status: 'warn' });
  });
});

describe('doctor: binds', () => {
  it('warns for each service published on all interfaces, else passes once', () => {
    expect(bindVerdicts([svc('a', port(1)), svc('b', port(2, '0.0.0.0'))])).toEqual([
      expect.objectContaining({ name: 'bind b', status: 'warn' }),
    ]);
    expect(bindVerdicts([svc('a', port(1))])).toEqual([
      { name: 'bind', status: 'pass', detail: 'no service is published on all interfaces' },
    ]);
  });
});
