// Probes that reach any service, on a real engine: an unpublished Postgres probed by SELECT 1 at
// its container's address, a Redis with two published ports, a worker probed by a command run
// inside it (exec), and a gRPC service answering the standard health protocol — none of them but
// Redis publishing a port. Then the gRPC probe's other answers (NOT_SERVING, a dead port) and an
// exec probe that fails with its output as the reason.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.js';
import { createProbe } from '../../src/probes/index.js';
import { LOCAL_IMAGES, projectResources, requireDocker, testPorts, uniqueProjectName } from '../support/docker.js';
import { removeProjectResources } from '../support/engine.js';
import { grpcHealthImage } from './grpc-health/image.js';

const BUSYBOX = 'busybox-local:latest';
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.debian, BUSYBOX]);
const PG_PASSWORD = 'reach-test-Secret-5521';

/** Runs pyat in this process with captured output, from the registry's folder. */
async function pyat(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    ({
      write: (chunk: string | Uint8Array) => {
        append(String(chunk));
        return true;
      },
      isTTY: false,
    }) as unknown as NodeJS.WriteStream;
  const code = await main(['-f', 'services.yaml', ...args], {
    cwd: dir,
    env: { ...process.env, REACH_PG_PASSWORD: PG_PASSWORD, NO_COLOR: '1' },
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
  });
  return { code, stdout, stderr };
}

interface StatusJson {
  healthy: number;
  total: number;
  services: { name: string; health: string; detail: string; ports: number[]; drift: { kind: string }[] }[];
}

/** A stack of one's own in a temp dir: write the registry, run pyat, always tear down. */
function stackOf(prefix: string) {
  const project = uniqueProjectName(prefix);
  let dir = '';
  return {
    project,
    dir: () => dir,
    async write(services: Record<string, unknown>): Promise<void> {
      dir ||= await mkdtemp(path.join(os.tmpdir(), `${project}-`));
      await writeFile(path.join(dir, 'services.yaml'), stringify({ name: project, port_range: [47000, 47999], services }));
    },
    pyat: (args: string[]) => pyat(dir, args),
    async destroy(): Promise<void> {
      if (!dir) return;
      const down = await pyat(dir, ['down', '--volumes']);
      await removeProjectResources(project);
      await rm(dir, { recursive: true, force: true });
      expect(down.code, down.stderr).toBe(0);
      expect(await projectResources(project)).toEqual({ containers: [], networks: [], volumes: [] });
    },
  };
}

const containerId = async (project: string, service: string): Promise<string> =>
  (
    await execa('docker', [
      'ps',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--filter',
      `label=com.docker.compose.service=${service}`,
    ])
  ).stdout.trim();

describe.skipIf(!docker.ok)('probes reach services that publish nothing', () => {
  const stack = stackOf('reach');
  let grpcImage = '';
  let redisPorts: number[] = [];

  beforeAll(async () => {
    grpcImage = await grpcHealthImage();
    redisPorts = await testPorts(2);
    await stack.write({
      db: {
        image: LOCAL_IMAGES.postgres,
        infra: true,
        env: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: '${REACH_PG_PASSWORD}', POSTGRES_DB: 'app' },
        health: { type: 'postgres', interval: '100ms', timeout: '90s' },
      },
      cache: {
        image: LOCAL_IMAGES.redis,
        infra: true,
        ports: [
          { host: redisPorts[0], container: 6379 },
          { host: redisPorts[1], container: 6380 },
        ],
        health: { type: 'redis' },
      },
      worker: {
        image: BUSYBOX,
        command: ['sh', '-c', 'sleep 1; touch /tmp/ready; exec sleep 3600'],
        depends_on: ['db', 'cache'],
        health: { type: 'exec', command: 'test -f /tmp/ready', interval: '200ms', timeout: '30s' },
      },
      api: {
        image: grpcImage,
        depends_on: ['worker'],
        health: { type: 'grpc', port: 50051, timeout: '30s' },
      },
    });
  }, 180_000);

  afterAll(() => stack.destroy(), 120_000);

  it('up brings them all up, each gated by its real probe, with no port published but Redis’s two', { timeout: 180_000 }, async () => {
    const up = await stack.pyat(['up', '--no-build']);
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
    const db = await containerId(stack.project, 'db');
    expect((await execa('docker', ['port', db])).stdout.trim()).toBe('');
    const cache = (await execa('docker', ['port', await containerId(stack.project, 'cache')])).stdout;
    for (const p of redisPorts) expect(cache).toContain(`127.0.0.1:${p}`);
    expect(up.stdout + up.stderr).not.toContain(PG_PASSWORD);
  });

  it('status probes each the same way and reports every one healthy, without drift', { timeout: 60_000 }, async () => {
    const r = await stack.pyat(['status', '--json']);
    const json = JSON.parse(r.stdout) as StatusJson;
    const detail = Object.fromEntries(json.services.map((s) => [s.name, `${s.health}: ${s.detail}`]));
    expect(detail).toEqual({
      db: 'healthy: SELECT 1 answered',
      cache: 'healthy: PONG',
      worker: 'healthy: exit 0',
      api: 'healthy: SERVING',
    });
    expect(r.code).toBe(0);
    expect(json.services.find((s) => s.name === 'cache')?.ports).toEqual(redisPorts);
    expect(json.services.flatMap((s) => s.drift)).toEqual([]);
  });

  it('grpc: NOT_SERVING is not ready (pending, with the status), and a dead port is pending with the connect error', async () => {
    const id = await containerId(stack.project, 'api');
    const ip = (await execa('docker', ['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', id])).stdout.trim();
    const timing = { interval: 100, timeout: 5000 };
    const ask = async (port: number, service?: string) => {
      const probe = createProbe({ type: 'grpc', port, ...(service ? { service } : {}), ...timing }, { host: ip, port });
      try {
        return await probe.check(new AbortController().signal);
      } finally {
        await probe.close();
      }
    };
    expect(await ask(50051, 'ok')).toMatchObject({ status: 'ready', detail: 'SERVING' });
    expect(await ask(50051, 'down')).toMatchObject({ status: 'pending', detail: 'NOT_SERVING' });
    expect(await ask(50051, 'nope')).toMatchObject({ status: 'pending', detail: 'unknown service nope' });
    expect(await ask(50051)).toMatchObject({ status: 'ready', detail: 'SERVING' });
    const dead = await ask(50052);
    expect(dead.status).toBe('pending');
    expect(dead.detail).toBe('connection refused');
  });
});

describe.skipIf(!docker.ok)('an exec probe that keeps failing', () => {
  const stack = stackOf('reach-exec');
  afterAll(() => stack.destroy(), 120_000);

  it('fails up at its timeout with the exit code and the command’s last output as the reason', { timeout: 90_000 }, async () => {
    await stack.write({
      worker: {
        image: BUSYBOX,
        command: ['sleep', '3600'],
        health: { type: 'exec', command: ['sh', '-c', 'echo starting; echo queue orders not declared >&2; exit 3'], timeout: '2s' },
      },
    });
    const up = await stack.pyat(['up', '--no-build', '--json']);
    expect(up.code).toBe(1);
    expect(up.stdout).toContain('exit 3: starting queue orders not declared');
  });
});
