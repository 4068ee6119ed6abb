import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dockerClient, LOCAL_IMAGES, requireDocker } from '../support/docker.js';
import { demoStack, type ServicePatch, type TestStack } from '../support/pyat.js';
import { containerOf, destroyAndCheck, upReport } from './up-helpers.js';

// One-shot jobs (`job: true`) and the Compose keys that reach the container, against the real
// engine: a migration job that the demo's catalog service depends on, on the local images.
const BUSYBOX = 'busybox-local:latest';
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService, BUSYBOX]);

/** The engine's own start and finish times of a service's one container (ms since the epoch). */
async function engineTimes(project: string, service: string): Promise<{ startedAt: number; finishedAt: number; exitCode: number }> {
  const { id } = await containerOf(project, service);
  const { State } = await dockerClient().getContainer(id).inspect();
  const ms = (iso: string) => Date.parse(iso.replace(/(\.\d{3})\d*Z$/, '$1Z'));
  return { startedAt: ms(State.StartedAt), finishedAt: ms(State.FinishedAt), exitCode: State.ExitCode };
}

/** A migration job on postgres, and catalog (with redis) depending on it; the other demo services left out. */
function migrationStack(script: string): Record<string, ServicePatch> {
  return {
    orders: null,
    checkout: null,
    gateway: null,
    migrate: { image: BUSYBOX, job: true, command: ['sh', '-c', script], depends_on: ['postgres'] },
    catalog: { depends_on: ['postgres', 'redis', 'migrate'] },
  };
}

describe.skipIf(!docker.ok)('one-shot jobs and Compose keys on a real engine', { timeout: 120_000 }, () => {
  let stack: TestStack | undefined;
  afterEach(async () => {
    await destroyAndCheck(stack);
    stack = undefined;
  });

  it('a service that depends on a job starts only after the job exited 0; status says completed; an unchanged job is not run again, a changed one is', async () => {
    const s = (stack = await demoStack('job-ok', migrationStack('echo migrating; sleep 1; echo migrated')));
    const r = await s.pyat(['up', '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const report = upReport(r.stdout);
    expect(report.outcome('migrate').status).toBe('healthy');
    expect(report.event('migrate', 'healthy').detail).toBe('completed (exited 0)');

    const job = await engineTimes(s.project, 'migrate');
    const api = await engineTimes(s.project, 'catalog');
    expect(job.exitCode).toBe(0);
    expect(job.finishedAt, 'the job finished before catalog started (engine timestamps)').toBeLessThan(api.startedAt);

    const status = await s.pyat(['status', '--json']);
    expect(status.code, status.stdout).toBe(0);
    const migrate = (
      JSON.parse(status.stdout) as { services: { name: string; state: string; health: string; drift: unknown[] }[] }
    ).services.find((x) => x.name === 'migrate');
    expect(migrate).toMatchObject({ state: 'completed', health: 'healthy', drift: [] });

    // Again: the completed job keeps its container and is not started again.
    const again = await s.pyat(['up', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(upReport(again.stdout).outcome('migrate').status).toBe('already-healthy');
    expect((await engineTimes(s.project, 'migrate')).startedAt).toBe(job.startedAt);

    // A changed definition runs it again.
    s.registry.services.migrate!.command = ['sh', '-c', 'echo migrating 0002'];
    await s.save();
    const changed = await s.pyat(['up', '--json']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(upReport(changed.stdout).outcome('migrate').status).toBe('healthy');
    expect((await engineTimes(s.project, 'migrate')).startedAt).toBeGreaterThan(job.finishedAt);
  });

  it('a job that exits 3 fails up at once with its code and log; what depends on it is never started', async () => {
    const s = (stack = await demoStack('job-fail', migrationStack('echo applying 0001; echo relation users already exists >&2; exit 3')));
    const t0 = Date.now();
    const r = await s.pyat(['up', '--json']);
    const took = Date.now() - t0;
    expect(r.code, r.stderr).toBe(1);
    const report = upReport(r.stdout);
    const failure = report.outcome('migrate').failure!;
    expect(failure).toMatchObject({ reason: 'exited', exitCode: 3, message: 'the job exited with code 3' });
    expect(failure.logs.join('\n')).toContain('relation users already exists');
    expect(failure.blocked).toEqual(['catalog']);
    expect(report.outcome('catalog').status).toBe('blocked');
    const catalog = await containerOf(s.project, 'catalog');
    expect({ status: catalog.status, startedAt: catalog.startedAt }, 'catalog was never started').toEqual({
      status: 'created',
      startedAt: undefined,
    });
    // Postgres' own start is most of it; the job's failure ends the run, not a timeout.
    expect(report.event('migrate', 'failed').t - report.event('migrate', 'starting').t).toBeLessThan(10_000);
    expect(took).toBeLessThan(60_000);

    // As a person reads it: the code and the log line.
    const text = await s.pyat(['up']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('migrate failed (exited): the job exited with code 3');
    expect(text.stdout).toContain('exit code:   3');
    const status = JSON.parse((await s.pyat(['status', '--json'])).stdout) as {
      services: { name: string; state: string; exitCode: number }[];
    };
    expect(status.services.find((x) => x.name === 'migrate')).toMatchObject({ state: 'failed', exitCode: 3 });
  });

  it('resources, entrypoint, working_dir, user, env_file and a compose: key reach the container', async () => {
    const s = (stack = await demoStack('keys', { postgres: null, catalog: null, orders: null, checkout: null, gateway: null }));
    await writeFile(path.join(s.dir, 'app.env'), 'FROM_ENV_FILE=yes\n');
    s.registry.services.box = {
      image: BUSYBOX,
      entrypoint: ['sh', '-c'],
      command: ['sleep 600'],
      working_dir: '/tmp',
      user: '65534:65534',
      env_file: 'app.env',
      resources: { memory: '64m', cpus: 0.5 },
      compose: { init: true, stop_grace_period: '1s', labels: { 'com.example.team': 'core' } },
      health: { type: 'none' },
    };
    await s.save();
    const r = await s.pyat(['up', '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const { id } = await containerOf(s.project, 'box');
    const c = await dockerClient().getContainer(id).inspect();
    expect(c.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(c.HostConfig.NanoCpus).toBe(500_000_000);
    expect(c.HostConfig.Init).toBe(true);
    expect(c.Config.Labels['com.example.team']).toBe('core');
    expect(c.Config.Entrypoint).toEqual(['sh', '-c']);
    expect(c.Config.WorkingDir).toBe('/tmp');
    expect(c.Config.User).toBe('65534:65534');
    expect(c.Config.Env).toContain('FROM_ENV_FILE=yes');

    const status = JSON.parse((await s.pyat(['status', '--json'])).stdout) as { services: { name: string; limits: string | null }[] };
    expect(status.services.find((x) => x.name === 'box')?.limits).toBe('64m, 0.5 cpus');
  });
});
