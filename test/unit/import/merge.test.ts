// Compose's merge of several -f files, path by path (compose-go override/merge.go is the model;
// test/docker/import-compose.test.ts checks the same against Compose v2's own `config`).

import { describe, expect, it } from 'vitest';
import { mergeSources, mergeValue, STRATEGIES } from '../../../src/import/merge.js';
import type { ComposeSource } from '../../../src/import/source.js';

const svc = (over: Record<string, unknown>, base: Record<string, unknown>) =>
  (mergeValue({ services: { a: base } }, { services: { a: over } }, []) as { services: { a: Record<string, unknown> } }).services.a;

describe('Compose merge rules', () => {
  it('environment merges by key, list and map forms alike, the later value winning', () => {
    expect(svc({ environment: { A: '2', C: '3' } }, { environment: ['A=1', 'B'] }).environment).toEqual({ A: '2', B: null, C: '3' });
    expect(svc({ environment: ['B=x'] }, { environment: { A: 1 } }).environment).toEqual({ A: '1', B: 'x' });
  });

  it('labels and build args merge by key', () => {
    expect(svc({ labels: ['x=2'] }, { labels: { x: '1', y: '1' } }).labels).toEqual({ x: '2', y: '1' });
    expect(svc({ build: { args: { B: '2' } } }, { build: { context: '.', args: ['A=1'] } }).build).toEqual({
      context: '.',
      args: { A: '1', B: '2' },
    });
  });

  it('ports are unioned: an equal entry is kept once', () => {
    expect(svc({ ports: ['8000:80', '9001:91'] }, { ports: ['8000:80', '9000:90'] }).ports).toEqual(['8000:80', '9000:90', '9001:91']);
  });

  it('volumes are merged by target: a later mount on the same path replaces the earlier one', () => {
    const merged = svc({ volumes: ['./b:/data'] }, { volumes: ['./a:/data', 'v:/v'] }).volumes;
    expect(merged).toEqual(['./b:/data', 'v:/v']);
  });

  it('depends_on merges both forms into the long one', () => {
    expect(svc({ depends_on: { c: { condition: 'service_healthy' } } }, { depends_on: ['db'] }).depends_on).toEqual({
      db: { condition: 'service_started' },
      c: { condition: 'service_healthy' },
    });
  });

  it('scalars are replaced; command, entrypoint and healthcheck.test are replaced, never appended', () => {
    const merged = svc(
      { image: 'b', command: ['y'], entrypoint: ['e2'], healthcheck: { test: ['CMD', 'b'], interval: '2s' } },
      { image: 'a', command: ['x', 'z'], entrypoint: 'e1', healthcheck: { test: ['CMD', 'a'], retries: 3 } },
    );
    expect(merged).toEqual({
      image: 'b',
      command: ['y'],
      entrypoint: ['e2'],
      healthcheck: { test: ['CMD', 'b'], retries: 3, interval: '2s' },
    });
  });

  it('the string form of build is its context, then the mappings merge', () => {
    expect(svc({ build: { dockerfile: 'D' } }, { build: './api' }).build).toEqual({ context: './api', dockerfile: 'D' });
  });

  it('other sequences append; extension fields are replaced whole', () => {
    expect(svc({ extra_hosts: ['b:2'] }, { extra_hosts: ['a:1'] }).extra_hosts).toEqual(['a:1', 'b:2']);
    const top = mergeValue({ 'x-a': { k: 1, j: 2 } }, { 'x-a': { k: 3 } }, []);
    expect(top).toEqual({ 'x-a': { k: 3 } });
  });

  it('every strategy in the table names a services path', () => {
    for (const [pattern] of STRATEGIES) expect(pattern).toMatch(/^services\.\*\./);
  });

  it('several files merge in order, and each key remembers where it was last and first written', () => {
    const src = (file: string, data: Record<string, unknown>, line: number): ComposeSource => ({
      file,
      dir: '/p',
      data,
      origins: new Map([['services\ta\timage', { file, line }]]),
    });
    const merged = mergeSources([
      src('a.yml', { services: { a: { image: 'x' } } }, 3),
      src('b.yml', { services: { a: { image: 'y' } } }, 7),
    ]);
    expect(merged.data).toEqual({ services: { a: { image: 'y' } } });
    expect(merged.origins.get('services\ta\timage')).toEqual({ file: 'b.yml', line: 7 });
    expect(merged.firstOrigins.get('services\ta\timage')).toEqual({ file: 'a.yml', line: 3 });
    expect(merged.dir).toBe('/p');
  });
});
