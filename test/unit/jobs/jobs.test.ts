// One-shot jobs in the pure parts: the readiness check's verdicts, the Compose condition that
// gates their dependents, the status of an exited job, and the validators that keep a job a job.

import { describe, expect, it } from 'vitest';
import { buildComposeModel } from '../../../src/compose/model.js';
import { jobReadiness, jobVerdict } from '../../../src/launch/job-readiness.js';
import type { ContainerInfo } from '../../../src/runtime/types.js';
import { buildStatus } from '../../../src/status/collect.js';
import { registryOf, svc } from '../../support/registry.js';
import { containerOf, NOW } from '../../support/containers.js';
import { brief, load, problemsOf, yaml } from '../registry/helpers.js';

const db = svc('db', { port: { host: 5433, container: 5432, bind: '127.0.0.1' } });
const migrate = svc('migrate', { job: true, deps: ['db'], health: { type: 'none' } });
const api = svc('api', { deps: ['db', 'migrate'], port: { host: 8001, container: 8001, bind: '127.0.0.1' } });
const registry = registryOf([db, migrate, api]);

describe('a job is ready when its container exited 0', () => {
  it('exit 0 is ready, another code is failed with that code, running or created is pending', () => {
    expect(jobVerdict({ state: 'exited', exitCode: 0 })).toMatchObject({ status: 'ready', detail: 'completed (exited 0)', exitCode: 0 });
    expect(jobVerdict({ state: 'exited', exitCode: 3 })).toMatchObject({
      status: 'failed',
      detail: 'the job exited with code 3',
      exitCode: 3,
    });
    expect(jobVerdict({ state: 'dead', exitCode: 137 }).status).toBe('failed');
    expect(jobVerdict({ state: 'running', exitCode: 0 }).status).toBe('pending');
    expect(jobVerdict({ state: 'created', exitCode: 0 }).status).toBe('pending');
    // restart: on-failure runs a failing job again: not done yet.
    expect(jobVerdict({ state: 'restarting', exitCode: 1 }).status).toBe('pending');
  });

  it('the check asks the engine once per call', async () => {
    const states: Pick<ContainerInfo, 'state' | 'exitCode'>[] = [
      { state: 'running', exitCode: 0 },
      { state: 'exited', exitCode: 0 },
    ];
    const engine = { inspect: async () => Promise.resolve(states.shift() as ContainerInfo) };
    const check = jobReadiness(engine, 'id-migrate');
    expect((await check()).status).toBe('pending');
    expect((await check()).status).toBe('ready');
  });
});

describe('Compose gates on a job with service_completed_successfully', () => {
  it('the generated file waits for the job to complete, and for the probed service to be healthy', () => {
    const model = buildComposeModel(registry, { outDir: '/project/compose' });
    expect(model.services.api?.depends_on).toEqual({
      db: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(model.services.migrate?.healthcheck).toBeUndefined();
    expect(model.services.migrate?.ports).toBeUndefined();
  });

  it("the file pyat hands Compose keeps only the order: pyat gates by the job's exit itself", () => {
    const model = buildComposeModel(registry, { outDir: '/project/compose', gate: 'pyat' });
    expect(model.services.api?.depends_on?.migrate).toEqual({ condition: 'service_started' });
  });
});

describe('status of a job', () => {
  const report = (job: Partial<ContainerInfo>) => {
    const containers = [containerOf(db), containerOf(migrate, job), containerOf(api)];
    const probes = new Map([
      ['db', { status: 'ready' as const, detail: 'ok', latencyMs: 1 }],
      ['api', { status: 'ready' as const, detail: 'ok', latencyMs: 1 }],
    ]);
    const names = ['db', 'migrate', 'api'];
    return buildStatus({ registry, selected: names, considered: names, containers, probes, vars: {}, now: NOW });
  };
  const finishedAt = new Date(NOW - 60_000).toISOString();

  it('a job that exited 0 is completed and healthy, with no drift: not a stopped service', () => {
    const r = report({ state: 'exited', exitCode: 0, finishedAt });
    expect(r.services.find((s) => s.name === 'migrate')).toMatchObject({
      state: 'completed',
      health: 'healthy',
      exitCode: 0,
      drift: [],
      detail: `completed (exited 0 at ${finishedAt})`,
    });
    expect([r.healthy, r.total]).toEqual([3, 3]);
  });

  it('a job that exited 3 is failed with its code, and what depends on it is down because of it', () => {
    const r = report({ state: 'exited', exitCode: 3, finishedAt });
    expect(r.services.find((s) => s.name === 'migrate')).toMatchObject({ state: 'failed', health: 'unhealthy', exitCode: 3 });
    expect([r.healthy, r.total]).toEqual([2, 3]);
  });

  it('a job still running is starting', () => {
    expect(report({ state: 'running' }).services.find((s) => s.name === 'migrate')).toMatchObject({ state: 'running', health: 'starting' });
  });
});

describe('validators of jobs', () => {
  it('a job may be depended on without a probe of its own', () => {
    const text = yaml(['name: demo', 'services:', '  migrate: { image: m, job: true }', '  api: { image: a, depends_on: [migrate] }']);
    expect(load(text).registry.services.get('migrate')?.job).toBe(true);
  });

  it('a job with smoke checks is refused at the smoke key', () => {
    const text = yaml(['name: demo', 'services:', '  migrate:', '    image: m', '    job: true', '    smoke: [{ path: /health }]']);
    expect(problemsOf(() => load(text)).map(brief)).toEqual([
      '6: job "migrate" has smoke checks — remove smoke: a job serves nothing to check',
    ]);
  });
});
