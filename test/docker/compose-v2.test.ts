import { rm } from 'node:fs/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPOSE_V2_DIR, composeV2Config, haveComposeV2 } from '../support/compose-v2.js';
import { LOCAL_IMAGES, projectResources, requireDocker } from '../support/docker.js';
import { demoStack, type TestStack } from '../support/pyat.js';
import { destroyAndCheck, engineView, upReport } from './up-helpers.js';

// pyat on Compose v2, the plugin most laptops have; the rest of the suite runs v1, the one on PATH
// here. pyat finds `docker compose` through the DOCKER_CONFIG of test/support/compose-v2.ts.
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService]);
if (docker.ok && !haveComposeV2) {
  if (process.env.CI)
    throw new Error(`Compose v2 is missing from ${COMPOSE_V2_DIR}; run scripts/docker-env.sh (CI is set: these tests must run)`);
  console.warn(`skipping the Compose v2 tests: no ${COMPOSE_V2_DIR}/docker-compose (run scripts/docker-env.sh)`);
}

describe.skipIf(!docker.ok || !haveComposeV2)('pyat on Compose v2', { timeout: 120_000 }, () => {
  let stack: TestStack;
  let config = '';
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    config = await composeV2Config();
    env = { ...process.env, DOCKER_CONFIG: config, NO_COLOR: '1' };
    expect((await execa('docker', ['compose', 'version', '--short'], { env })).stdout).toMatch(/^v?2\./);
    stack = await demoStack('v2');
  });

  afterAll(async () => {
    await destroyAndCheck(stack);
    await rm(config, { recursive: true, force: true });
  });

  it('up says it uses Compose v2, and brings the demo stack up healthy from nothing; Compose v2 made the containers', async () => {
    const text = await stack.pyat(['up', 'postgres'], env); // once as a person reads it: the Compose line is on stderr
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/using Compose v2 2\.\d+/);
    const r = await stack.pyat(['up', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const report = upReport(r.stdout);
    expect(report.summary.status).toBe('healthy');
    expect(report.outcome('postgres').status).toBe('already-healthy');
    for (const name of ['redis', 'catalog', 'orders', 'checkout', 'gateway']) expect(report.outcome(name).status, name).toBe('healthy');
    // v2 names containers project-service-1 (v1: project_service_1).
    const names = (await engineView(stack.project)).map((c) => c.name).sort();
    expect(names).toEqual(['catalog', 'checkout', 'gateway', 'orders', 'postgres', 'redis'].map((s) => `${stack.project}-${s}-1`));
  });

  it('a second up changes nothing, status sees every service healthy with no drift', async () => {
    const again = upReport((await stack.pyat(['up', '--json'], env)).stdout);
    expect(again.summary.outcomes.every((o) => o.status === 'already-healthy')).toBe(true);
    const status = await stack.pyat(['status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    const json = JSON.parse(status.stdout) as { healthy: number; services: { health: string; drift: unknown[] }[]; orphans: unknown[] };
    expect(json.healthy).toBe(6);
    expect(json.services.map((s) => [s.health, s.drift])).toEqual(Array(6).fill(['healthy', []]));
    expect(json.orphans).toEqual([]);
  });

  it('down --volumes through Compose v2 removes the project', async () => {
    const r = await stack.pyat(['down', '--volumes'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(await engineView(stack.project)).toEqual([]);
  });

  it('smoke on Compose v2 (what CI runners have): the stack up from nothing, every check passed, then nothing of the project left', async () => {
    const r = await stack.pyat(['smoke', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.trim()) as {
      status: string;
      checks: { status: string }[];
      teardown: { removed: string[]; volumes: boolean };
    };
    expect(report.status).toBe('passed');
    expect(report.checks.length).toBeGreaterThan(0);
    expect(report.checks.every((c) => c.status === 'passed')).toBe(true);
    expect(report.teardown).toEqual({ removed: ['catalog', 'checkout', 'gateway', 'orders', 'postgres', 'redis'], volumes: true });
    expect(await projectResources(stack.project)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
