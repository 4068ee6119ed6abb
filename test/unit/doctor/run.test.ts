import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { doctorJson, doctorOk, formatDoctor } from '../../../src/doctor/format.js';
import { runDoctor, type DoctorDeps } from '../../../src/doctor/run.js';
import { styler } from '../../../src/report/style.js';
import { FakeEngine } from '../../support/fake-engine.js';
import { registryOf, svc } from '../../support/registry.js';

const GB = 1024 ** 3;
const services = [
  svc('db', { port: { host: 5432, container: 5432, bind: '127.0.0.1' } }),
  svc('api', { port: { host: 8001, container: 80, bind: '127.0.0.1' }, requiredEnv: ['TOKEN'] }),
];
const registry = registryOf(services, { name: 'shop' });
/** An engine with every image, its data on /data/docker, and shop's db container on port 5432. */
class DoctorEngine extends FakeEngine {
  override info() {
    return Promise.resolve({ dockerRootDir: '/data/docker', serverVersion: '27.0.1' });
  }
  override imageExists(_ref: string) {
    return Promise.resolve(true);
  }
  override containersOnPort() {
    return Promise.resolve([{ id: 'x', name: 'shop-db-1', project: 'shop' }]);
  }
}
const engine = new DoctorEngine();
const deps = (over: Partial<DoctorDeps> = {}): DoctorDeps => ({
  engine: async () => ({ engine, where: 'unix:///var/run/docker.sock' }),
  detectCompose: async () => ({ kind: 'v2', version: '2.29.0', argv: ['docker', 'compose'] }),
  isPortFree: async (p) => p !== 5432,
  freeBytes: async () => 50 * GB,
  ...over,
});

describe('runDoctor', () => {
  it('answers every check in a fixed order on a healthy machine', async () => {
    const checks = await runDoctor({ registry, services, vars: { TOKEN: 'x' } }, deps());
    expect(checks.map((c) => `${c.status} ${c.name}`)).toEqual([
      'pass engine',
      'pass compose',
      'pass disk',
      'pass port 5432',
      'pass port 8001',
      'pass image example/db:dev',
      'pass image example/api:dev',
      'pass env TOKEN',
      'pass bind',
    ]);
    expect(doctorOk(checks)).toBe(true);
    expect(checks[2]!.detail).toBe('50.0 GB free in /data/docker');
  });

  it('with the engine down: one failing engine line, images and disk skipped with the reason, the rest still checked', async () => {
    const down = new EnvironmentError(
      'E_ENGINE',
      'Docker engine not reachable at unix:///nonexistent.sock: no such socket',
      'start Docker',
    );
    const checks = await runDoctor({ registry, services, vars: {} }, deps({ engine: async () => Promise.reject(down) }));
    expect(checks.map((c) => `${c.status} ${c.name}`)).toEqual([
      'fail engine',
      'pass compose',
      'skip disk',
      'fail port 5432',
      'pass port 8001',
      'skip images',
      'fail env TOKEN',
      'pass bind',
    ]);
    expect(checks.find((c) => c.name === 'images')!.detail).toBe('not checked: the Docker engine is not reachable');
    expect(doctorOk(checks)).toBe(false);
  });

  it('resolves ${VAR} in images and build contexts as Compose will, and names what it resolved to', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'pyat-doctor-'));
    mkdirSync(path.join(base, 'svc-v2'));
    const asked: string[] = [];
    const local = new (class extends DoctorEngine {
      override imageExists(ref: string) {
        asked.push(ref);
        return Promise.resolve(ref === 'local/web:7');
      }
    })();
    const built = [
      svc('web', { image: '${REGISTRY:-local}/web:${TAG}' }),
      svc('api', { image: undefined, build: { context: './svc-${VERSION:-v2}', args: {} } }),
    ];
    const checks = await runDoctor(
      { registry: registryOf(built, { name: 'shop', baseDir: base }), services: built, vars: { TAG: '7' } },
      deps({ engine: async () => ({ engine: local, where: 'x' }) }),
    );
    expect(asked).toEqual(['local/web:7']);
    expect(checks.filter((c) => c.name.startsWith('image')).map((c) => `${c.status} ${c.name}: ${c.detail}`)).toEqual([
      'pass image local/web:7: present locally (web)',
      'pass image api: will be built from ./svc-v2 (api)',
    ]);
  });

  it('reports a port that cannot be listened on at all as a failure, not a crash', async () => {
    const checks = await runDoctor(
      { registry, services, vars: { TOKEN: 'x' } },
      deps({ isPortFree: async () => Promise.reject(new Error('listen EADDRNOTAVAIL')) }),
    );
    expect(checks.find((c) => c.name === 'port 8001')).toMatchObject({
      status: 'fail',
      detail: 'cannot listen on 127.0.0.1:8001 (api): listen EADDRNOTAVAIL',
    });
  });
});

describe('doctor output', () => {
  const checks = [
    { name: 'engine', status: 'pass' as const, detail: 'ok' },
    { name: 'compose', status: 'warn' as const, detail: 'v1', fix: 'install v2' },
  ];
  it('prints one line per check with the fix, then the tally', () => {
    expect(formatDoctor(checks, styler(false))).toEqual([
      'pass  engine   ok',
      'warn  compose  v1 — fix: install v2',
      '',
      'doctor: 1 passed, 1 warnings, 0 failed',
    ]);
  });

  it('has the JSON shape {checks:[{name,status,detail,fix}], ok}', () => {
    expect(JSON.parse(doctorJson(checks))).toEqual({
      checks: [
        { name: 'engine', status: 'pass', detail: 'ok', fix: null },
        { name: 'compose', status: 'warn', detail: 'v1', fix: 'install v2' },
      ],
      ok: true,
    });
  });
});
