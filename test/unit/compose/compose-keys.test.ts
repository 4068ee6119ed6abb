// The Compose keys the registry now says itself (entrypoint, working_dir, user, env_file,
// build.target/dockerfile_inline, resources) and the `compose:` escape hatch, in the model.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildComposeModel } from '../../../src/compose/model.js';
import { UsageError } from '../../../src/errors.js';
import { missingRequiredEnv } from '../../../src/registry/validators/env.js';
import { registryOf, svc } from '../../support/registry.js';
import { brief, load, problemsOf, yaml } from '../registry/helpers.js';

const api = svc('api', {
  build: { context: './api', args: {}, target: 'prod', dockerfileInline: 'FROM node:20\n' },
  entrypoint: ['/bin/sh', '-c'],
  command: 'serve',
  workingDir: '/srv',
  user: '1000:1000',
  envFile: ['api.env', '/etc/shared.env'],
  resources: { memory: '512m', cpus: 0.5 },
  compose: {
    init: true,
    labels: ['com.example.team=core', 'dev.pyat.managed=false'],
    deploy: { replicas: 1, resources: { reservations: { memory: '128m' } } },
  },
});
const registry = registryOf([api]);

describe('the new keys in the Compose model', () => {
  const model = buildComposeModel(registry, { outDir: '/project/compose' });
  const out = model.services.api!;

  it('writes entrypoint, working_dir, user, env_file (relative to compose/), build target and inline Dockerfile', () => {
    expect(out).toMatchObject({
      entrypoint: ['/bin/sh', '-c'],
      working_dir: '/srv',
      user: '1000:1000',
      env_file: ['../api.env', '/etc/shared.env'],
      build: { context: '../api', target: 'prod', dockerfile_inline: 'FROM node:20\n' },
    });
  });

  it('writes resources as deploy.resources.limits, beside what compose: adds to deploy', () => {
    expect(out.deploy).toEqual({ replicas: 1, resources: { reservations: { memory: '128m' }, limits: { memory: '512m', cpus: 0.5 } } });
  });

  it("merges compose: keys as written; its labels join pyat's, which win", () => {
    expect(out.init).toBe(true);
    expect(out.labels['com.example.team']).toBe('core');
    expect(out.labels['dev.pyat.managed']).toBe('true');
  });

  it('the v1 form builds an inline Dockerfile from the file the caller wrote it to, and refuses it without one', () => {
    const files = new Map([['api', '/project/compose/.pyat/test.api.Dockerfile']]);
    const v1 = buildComposeModel(registry, { outDir: '/project/compose', target: 'v1', inlineDockerfiles: files });
    expect(v1.services.api?.build).toEqual({ context: '../api', dockerfile: '/project/compose/.pyat/test.api.Dockerfile', target: 'prod' });
    expect(() => buildComposeModel(registry, { outDir: '/project/compose', target: 'v1' })).toThrow(UsageError);
  });
});

describe('env_file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pyat-env-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'app.env'), 'API_TOKEN=s3cr3t-value\nEMPTY=\n');

  it('a required_env variable that the service env file sets is set; an empty one is not; no value is ever shown', () => {
    const withFile = registryOf([svc('api', { envFile: ['app.env'], requiredEnv: ['API_TOKEN', 'EMPTY'] })], { baseDir: dir });
    const problems = missingRequiredEnv(withFile, {});
    expect(problems.map((p) => p.message)).toEqual(['service "api" requires EMPTY, which is not set']);
    expect(JSON.stringify(problems)).not.toContain('s3cr3t-value');
  });
});

describe('the compose: escape hatch', () => {
  const service = (...lines: string[]) => yaml(['name: demo', 'services:', '  api:', '    image: a', ...lines.map((l) => `    ${l}`)]);

  it('accepts Compose service keys pyat has no key for, and x- extensions', () => {
    const text = service('compose:', '  init: true', '  cap_add: [NET_ADMIN]', '  stop_grace_period: 5s', '  x-note: anything');
    expect(load(text).registry.services.get('api')?.compose).toEqual({
      init: true,
      cap_add: ['NET_ADMIN'],
      stop_grace_period: '5s',
      'x-note': 'anything',
    });
  });

  it('refuses every key pyat writes itself, naming the registry key to use', () => {
    const text = service('compose:', '  environment: { A: b }', '  healthcheck: { test: [CMD, "true"] }', '  mem_limit: 1g');
    expect(problemsOf(() => load(text)).map(brief)).toEqual([
      '6: services.api.compose.environment: pyat writes environment itself — use the registry key env: instead',
      '7: services.api.compose.healthcheck: pyat writes healthcheck itself — use the registry key health: instead',
      '8: services.api.compose.mem_limit: pyat writes mem_limit itself — use the registry key resources.memory: instead',
    ]);
  });
});
