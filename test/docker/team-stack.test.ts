// Issue 14's "what it must show", on a real engine: a real team's stack in one registry — an
// unpublished Postgres probed by SELECT 1, a Redis with two published ports, a worker probed by a
// command inside it (no port), a gRPC service, and a migration job that the gRPC API depends on.
// Then the same stack with the job exiting 3.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dockerClient, LOCAL_IMAGES, projectResources, requireDocker, testPorts, uniqueProjectName } from '../support/docker.js';
import { removeProjectResources } from '../support/engine.js';
import { runPyat } from '../support/pyat.js';
import { grpcHealthImage } from './grpc-health/image.js';
import { BUSYBOX, execWorker } from './team-services.js';
import { containerOf, upReport } from './up-helpers.js';

const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.debian, BUSYBOX]);

/** The engine's start and finish of a service's container, in ms since the epoch (NaN for never). */
async function engineTimes(project: string, service: string): Promise<{ startedAt: number; finishedAt: number }> {
  const { State } = await dockerClient()
    .getContainer((await containerOf(project, service)).id)
    .inspect();
  const ms = (iso: string) => (iso.startsWith('0001-01-01') ? NaN : Date.parse(iso.replace(/(\.\d{3})\d*Z$/, '$1Z')));
  return { startedAt: ms(State.StartedAt), finishedAt: ms(State.FinishedAt) };
}

/** The team's stack; `migration` is the job's shell script. */
async function teamStack(migration: string): Promise<Record<string, unknown>> {
  const redisPorts = await testPorts(2);
  return {
    db: {
      image: LOCAL_IMAGES.postgres,
      infra: true,
      env: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'team-stack-pw', POSTGRES_DB: 'app' },
      health: { type: 'postgres', timeout: '90s' },
    },
    cache: {
      image: LOCAL_IMAGES.redis,
      infra: true,
      ports: redisPorts.map((host, i) => ({ host, container: 6379 + i })),
      health: { type: 'redis' },
    },
    worker: execWorker(['db', 'cache']),
    migrate: { image: BUSYBOX, job: true, depends_on: ['db'], command: ['sh', '-c', migration] },
    api: {
      image: await grpcHealthImage(),
      depends_on: ['worker', 'migrate'],
      health: { type: 'grpc', port: 50051, timeout: '30s' },
    },
  };
}

describe.skipIf(!docker.ok)("a real team's stack: unpublished Postgres, two Redis ports, exec and gRPC probes, a migration job", () => {
  let project = '';
  let dir = '';
  const up = async (services: Record<string, unknown>) => {
    project = uniqueProjectName('team');
    dir = await mkdtemp(path.join(os.tmpdir(), `${project}-`));
    await writeFile(path.join(dir, 'services.yaml'), stringify({ name: project, port_range: [47000, 47999], services }));
  };
  const pyat = (args: string[]) => runPyat(['-f', 'services.yaml', ...args], { cwd: dir });
  afterEach(async () => {
    if (!dir) return;
    await removeProjectResources(project);
    await rm(dir, { recursive: true, force: true });
    expect(await projectResources(project)).toEqual({ containers: [], networks: [], volumes: [] });
    dir = '';
  });

  it(
    'up exits 0, the job finished before the API started, Postgres publishes nothing, status says all healthy and the job completed',
    { timeout: 240_000 },
    async () => {
      await up(await teamStack('echo migrating; sleep 1; echo migrated'));
      const r = await pyat(['up', '--no-build', '--json']);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);

      const job = await engineTimes(project, 'migrate');
      const api = await engineTimes(project, 'api');
      expect(job.finishedAt, 'the job finished before the API started (engine timestamps)').toBeLessThan(api.startedAt);
      expect((await execa('docker', ['port', (await containerOf(project, 'db')).id])).stdout.trim()).toBe('');

      const status = await pyat(['status', '--json']);
      const json = JSON.parse(status.stdout) as {
        healthy: number;
        total: number;
        services: { name: string; state: string; health: string }[];
      };
      expect(status.code, status.stdout).toBe(0);
      expect([json.healthy, json.total]).toEqual([5, 5]);
      expect(Object.fromEntries(json.services.map((s) => [s.name, `${s.state} ${s.health}`]))).toEqual({
        db: 'running healthy',
        cache: 'running healthy',
        worker: 'running healthy',
        migrate: 'completed healthy',
        api: 'running healthy',
      });
    },
  );

  it(
    'with the job exiting 3: up exits 1 within seconds of the job, with its code and log, and the API never starts',
    { timeout: 240_000 },
    async () => {
      await up(await teamStack('echo applying 0001; echo relation users already exists >&2; exit 3'));
      const r = await pyat(['up', '--no-build', '--json']);
      expect(r.code, r.stderr).toBe(1);
      const report = upReport(r.stdout);
      const failure = report.outcome('migrate').failure!;
      expect(failure).toMatchObject({ reason: 'exited', exitCode: 3 });
      expect(failure.logs.join('\n')).toContain('relation users already exists');
      expect(failure.blocked).toEqual(['api']);
      expect(report.event('migrate', 'failed').t - report.event('migrate', 'starting').t).toBeLessThan(10_000);
      expect(report.outcome('api').status).toBe('blocked');
      expect(Number.isNaN((await engineTimes(project, 'api')).startedAt), 'the API was never started').toBe(true);
    },
  );
});
