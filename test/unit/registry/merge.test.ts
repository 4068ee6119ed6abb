import { describe, expect, it } from 'vitest';
import { loadRegistryText } from '../../../src/registry/load-text.js';
import { mergeValues } from '../../../src/registry/merge.js';
import { brief, fixture, loadFixtures, problemsOf } from './helpers.js';

describe('merging -f files', () => {
  it('a later file overrides the scalars and lists it names, and keeps the rest', () => {
    const { registry } = loadFixtures(['override-base.yaml', 'override-local.yaml']);
    const api = registry.services.get('api')!;
    expect(api.image).toBe('example/api:local');
    expect(api.command).toEqual(['serve', '--reload']);
    expect(api.ports).toEqual([{ host: 8001, container: 8001, bind: '127.0.0.1' }]);
    expect(api.dependsOn).toEqual(['db']);
  });

  it('env merges key by key, the later file winning', () => {
    const { registry } = loadFixtures(['override-base.yaml', 'override-local.yaml']);
    expect(registry.services.get('api')!.env).toEqual({
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgresql://app@db:5432/app',
      FEATURE_X: 'true',
    });
  });

  it('a later file may add services, after the earlier ones', () => {
    const { registry } = loadFixtures(['override-base.yaml', 'override-local.yaml']);
    expect([...registry.services.keys()]).toEqual(['db', 'api', 'worker']);
    expect(registry.services.get('worker')!.location).toEqual({ file: 'override-local.yaml', line: 9 });
  });

  it('a service overridden by a later file is located where it was first declared', () => {
    const { registry } = loadFixtures(['override-base.yaml', 'override-local.yaml']);
    expect(registry.services.get('api')!.location).toEqual({ file: 'override-base.yaml', line: 12 });
  });

  it('files keep their order; the first one names the base directory', () => {
    const { registry } = loadFixtures(['override-base.yaml', 'override-local.yaml']);
    expect(registry.files).toEqual([fixture('override-base.yaml'), fixture('override-local.yaml')]);
    expect(registry.baseDir).toBe(fixture('.').replace(/\/$/, ''));
  });

  it('a problem from the second file points at the second file', () => {
    expect(
      problemsOf(() => loadFixtures(['override-base.yaml', 'override-bad.yaml'])).map((p) => `${p.location?.file}:${brief(p)}`),
    ).toEqual([
      'override-bad.yaml:5: services.api.health.interval: "soon" is not a duration — write a duration like 250ms, 5s, 2m or 1m30s',
    ]);
  });

  it('a problem about a value set in the first file points at the first file, even when the second overrides its service', () => {
    const sources = [
      { path: '/stack/a.yaml', name: 'a.yaml', text: 'name: demo\nservices:\n  api:\n    image: x\n    depends_on: [ghost]\n' },
      {
        path: '/stack/b.yaml',
        name: 'b.yaml',
        text: 'services:\n  api:\n    image: y\n  web: { image: w, port: 8001 }\n  other: { image: o, port: 8001 }\n',
      },
    ];
    expect(problemsOf(() => loadRegistryText(sources)).map((p) => `${p.location?.file}:${brief(p)}`)).toEqual([
      'a.yaml:5: service "api" depends on "ghost", which is not defined — defined services: api, web, other',
      'b.yaml:5: services "web" and "other" both publish host port 8001 — give one of them another host port',
    ]);
  });

  it('a health probe of another type replaces the earlier probe instead of merging into it', () => {
    expect(
      mergeValues(
        { services: { api: { health: { type: 'http', path: '/x', interval: '1s' } } } },
        { services: { api: { health: { type: 'tcp' } } } },
      ),
    ).toEqual({ services: { api: { health: { type: 'tcp' } } } });
    expect(
      mergeValues({ services: { api: { health: { type: 'http', path: '/x' } } } }, { services: { api: { health: { timeout: '2m' } } } }),
    ).toEqual({ services: { api: { health: { type: 'http', path: '/x', timeout: '2m' } } } });
  });

  it('a __proto__ key stays a plain key', () => {
    const merged = mergeValues({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
