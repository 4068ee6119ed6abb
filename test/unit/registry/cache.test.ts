// The registry cache (src/registry/cache.ts) through the loader: an entry is used only while every
// input it was made from is unchanged, never holds a variable's value, and never stores an error.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryCache, registryCacheFor } from '../../../src/registry/cache.js';
import { loadRegistry } from '../../../src/registry/load.js';
import { problemsOfAsync } from './helpers.js';

let dir: string;
let cacheDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pyat-cache-stack-'));
  cacheDir = join(mkdtempSync(join(tmpdir(), 'pyat-cache-')), 'registries');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(cacheDir, '..'), { recursive: true, force: true });
});

const REGISTRY = `name: shop
services:
  db:
    image: postgres:16
    env:
      POSTGRES_PASSWORD: \${DB_PASSWORD:-devonly}
    health: { type: postgres }
  api:
    image: shop/api:\${API_TAG:?set API_TAG}
    depends_on: [db]
    required_env: [API_KEY]
    env_file: api.env
    port: 8000
`;

const write = (name: string, text: string): void => writeFileSync(join(dir, name), text);
const load = (env: NodeJS.ProcessEnv, cache = new RegistryCache(cacheDir, 'build-1')) =>
  loadRegistry(['services.yaml'], { cwd: dir, env, cache });
const entries = (): string[] => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((n) => n.endsWith('.json')) : []);

/** Rewrites the one entry's project name: a load that returns it read the entry. */
function markEntry(): void {
  const [name] = entries();
  if (name === undefined) throw new Error('no cache entry');
  const file = join(cacheDir, name);
  const entry = JSON.parse(readFileSync(file, 'utf8')) as { registry: { name: string } };
  entry.registry.name = 'from-cache';
  writeFileSync(file, JSON.stringify(entry));
}

const ENV = { API_TAG: '1.2', API_KEY: 'k-123-secret', DB_PASSWORD: 'pw-456-secret' };

describe('the registry cache', () => {
  beforeEach(() => {
    write('services.yaml', REGISTRY);
    write('api.env', 'LOG_LEVEL=debug\n');
  });

  it('gives back what the first load found, Maps and warnings included', async () => {
    const first = await load({ API_TAG: '1.2' });
    expect(entries()).toHaveLength(1);
    const second = await load({ API_TAG: '1.2' });
    expect(second).toEqual(first);
    expect(second.registry.services).toBeInstanceOf(Map);
    // API_KEY is required and unset: a warning, shown again from the cache.
    expect(second.warnings.map((w) => w.message)).toEqual(['service "api" requires API_KEY, which is not set']);
  });

  it('is used when nothing changed', async () => {
    await load(ENV);
    markEntry();
    expect((await load(ENV)).registry.name).toBe('from-cache');
  });

  it('keeps the presence of each variable it read, never a value', async () => {
    await load(ENV);
    const text = readFileSync(join(cacheDir, entries()[0] ?? ''), 'utf8');
    for (const value of Object.values(ENV)) expect(text).not.toContain(value);
    expect(JSON.parse(text)).toMatchObject({ variables: { API_TAG: 'set', API_KEY: 'set', DB_PASSWORD: 'set' } });
  });

  it('a variable that changes value but stays set keeps the entry; one that becomes unset or empty does not', async () => {
    await load(ENV);
    markEntry();
    expect((await load({ ...ENV, API_KEY: 'another' })).registry.name).toBe('from-cache');
    expect((await load({ ...ENV, API_KEY: '' })).warnings.map((w) => w.message)).toEqual([
      'service "api" requires API_KEY, which is empty',
    ]);
    // A required ${API_TAG:?} that goes missing is an error again, as without a cache.
    const problems = await problemsOfAsync(() => load({ API_KEY: 'x' }));
    expect(problems.map((p) => p.message)).toContain('required variable API_TAG is not set: set API_TAG');
  });

  it('a changed registry text, env_file or build is a miss', async () => {
    await load(ENV);
    markEntry();
    write('api.env', 'LOG_LEVEL=info\n');
    expect((await load(ENV)).registry.name).toBe('shop');

    markEntry();
    write('services.yaml', REGISTRY.replace('port: 8000', 'port: 8001'));
    const changed = await load(ENV);
    expect(changed.registry.name).toBe('shop');
    expect(changed.registry.services.get('api')?.ports[0]?.host).toBe(8001);

    expect(entries()).toHaveLength(2);
    markEntryOf(8001);
    expect((await load(ENV, new RegistryCache(cacheDir, 'build-2'))).registry.name).toBe('shop');
    expect((await load(ENV)).registry.name).toBe('from-cache');
  });

  it('an env_file that appears is a miss: its keys now count for required_env', async () => {
    write('services.yaml', REGISTRY.replace('env_file: api.env', 'env_file: missing.env'));
    const problems = await problemsOfAsync(() => load(ENV));
    expect(problems.map((p) => p.message)).toContain('service "api": env_file missing.env does not exist');
    expect(entries()).toHaveLength(0);
    write('missing.env', 'API_KEY=from-file\n');
    expect((await load({ API_TAG: '1' })).warnings).toEqual([]);
  });

  it('stores no load that found an error', async () => {
    write('services.yaml', REGISTRY.replace('depends_on: [db]', 'depends_on: [nope]'));
    await problemsOfAsync(() => load(ENV));
    expect(entries()).toHaveLength(0);
  });

  it('an unreadable entry is a miss, and is written anew', async () => {
    await load(ENV);
    writeFileSync(join(cacheDir, entries()[0] ?? ''), '{not json');
    expect((await load(ENV)).registry.name).toBe('shop');
    expect(JSON.parse(readFileSync(join(cacheDir, entries()[0] ?? ''), 'utf8'))).toMatchObject({ format: 1 });
  });

  it('keeps at most 64 entries', async () => {
    for (let i = 0; i < 70; i += 1) {
      write('services.yaml', REGISTRY.replace('name: shop', `name: shop-${i}`));
      await load(ENV);
    }
    expect(entries()).toHaveLength(64);
  });
});

describe('registryCacheFor', () => {
  it('is off without a build id, and with PYAT_NO_CACHE', () => {
    expect(registryCacheFor({}, undefined)).toBeUndefined();
    expect(registryCacheFor({ PYAT_NO_CACHE: '1', XDG_CACHE_HOME: '/c' }, 'b')).toBeUndefined();
    expect(registryCacheFor({ XDG_CACHE_HOME: '/c' }, 'b')).toBeInstanceOf(RegistryCache);
  });

  it('is off when pyat runs from source, as the tests do', () => {
    expect(registryCacheFor({ XDG_CACHE_HOME: '/c' })).toBeUndefined();
  });
});

/** Marks the entry whose api port is `port` (there are two entries). */
function markEntryOf(port: number | undefined): void {
  for (const name of entries()) {
    const file = join(cacheDir, name);
    const entry = JSON.parse(readFileSync(file, 'utf8')) as {
      registry: { name: string; services: [string, { ports: { host: number }[] }][] };
    };
    const api = entry.registry.services.find(([n]) => n === 'api')?.[1];
    if (api?.ports[0]?.host !== port) continue;
    entry.registry.name = 'from-cache';
    writeFileSync(file, JSON.stringify(entry));
  }
}
