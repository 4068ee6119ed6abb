import { rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { createCompose } from '../../../src/runtime/compose-cli.js';
import { detectCompose } from '../../../src/runtime/detect-compose.js';
import { createDockerEngine } from '../../../src/runtime/docker-engine.js';
import { connectRuntime } from '../../../src/runtime/index.js';
import type { ContainerInfo, Engine } from '../../../src/runtime/types.js';
import { BUSYBOX, ensureBusybox, leftovers, requireEngine, teardown, testPorts, uniqueProject, writeComposeFile } from './harness.js';

const available = await requireEngine('runtime/engine');

// SIGKILL on stop: busybox `sleep`/`httpd` as pid 1 ignore SIGTERM, and tests need no grace period.
const service = (command: string[], extra: object = {}) => ({ image: BUSYBOX, command, stop_signal: 'SIGKILL', ...extra });
const EXTRAS = ['extra1', 'extra2', 'extra3', 'extra4', 'extra5', 'extra6', 'extra7'];

describe.skipIf(!available)('the Docker engine adapter, against a real engine', () => {
  const project = uniqueProject();
  let file = '';
  let dir = '';
  let port = 0;
  let engine: Engine;
  let containers: ContainerInfo[] = [];
  const one = (svc: string): ContainerInfo => containers.find((c) => c.service === svc)!;

  beforeAll(async () => {
    await ensureBusybox();
    [port] = (await testPorts(1)) as [number];
    const services: Record<string, object> = {
      web: service(['httpd', '-f', '-p', '8080', '-h', '/tmp'], { ports: [`127.0.0.1:${port}:8080`] }),
      crash: service(['sh', '-c', 'echo one; echo two >&2; exit 3']),
      idle: service(['sleep', '600']),
      ...Object.fromEntries(EXTRAS.map((s) => [s, service(['sleep', '600'])])),
    };
    ({ dir, file } = await writeComposeFile({ version: '3.8', services }));
    engine = await createDockerEngine(process.env);
    // Created through pyat's own Compose adapter, started through the engine: both are under test.
    const compose = createCompose(await detectCompose(process.env), process.env);
    await compose.create({ name: project, file }, [], { build: 'never' });
    await Promise.all((await engine.listProject(project)).map((c) => engine.start(c.id)));
    for (let i = 0; i < 100; i++) {
      containers = await engine.listProject(project);
      if (containers.find((c) => c.service === 'crash')?.state === 'exited') break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (file) await teardown(project, file);
    if (dir) await rm(dir, { recursive: true, force: true });
    expect((await execa('docker', ['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${project}`])).stdout).toBe('');
    expect(await leftovers(project)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('connectRuntime answers a pinged engine and the Compose found on PATH', async () => {
    const runtime = await connectRuntime(process.env);
    expect((await runtime.engine.ping()).apiVersion).toMatch(/^\d+\.\d+$/);
    expect(['v1', 'v2']).toContain(runtime.compose.cli.kind);
    expect((await runtime.engine.info()).dockerRootDir).not.toBe('');
  });

  it('listProject finds exactly the project’s containers, with their services and states', () => {
    expect(containers.map((c) => c.service)).toEqual(['crash', ...EXTRAS, 'idle', 'web']);
    expect(containers.every((c) => c.labels['com.docker.compose.project'] === project)).toBe(true);
    expect(one('web')).toMatchObject({
      state: 'running',
      image: BUSYBOX,
      ports: [{ container: 8080, hostIp: '127.0.0.1', hostPort: port }],
    });
    expect(one('idle').state).toBe('running');
    expect(one('idle').startedAt).toMatch(/^\d{4}-/);
    expect(one('idle').finishedAt).toBe('');
  });

  it('a container that exits 3 reports exited with exit code 3, and its log holds stdout and stderr', async () => {
    expect(one('crash')).toMatchObject({ state: 'exited', exitCode: 3, restartCount: 0 });
    expect((await engine.logs(one('crash').id, 10)).sort()).toEqual(['one', 'two']);
    expect(await engine.logs(one('crash').id, 1)).toHaveLength(1);
  });

  it("lastExitCode reads a container's last exit code from the engine's events, as a restart would have erased it from its state", async () => {
    expect(await engine.lastExitCode(one('crash').id, Date.now() - 10 * 60_000)).toBe(3);
    expect(await engine.lastExitCode(one('idle').id, Date.now() - 10 * 60_000)).toBeUndefined();
  });

  it('stop and start change the state, and starting a running container is not an error', async () => {
    const id = one('idle').id;
    await engine.stop(id, 1);
    expect((await engine.inspect(id)).state).toBe('exited');
    await engine.start(id);
    expect((await engine.inspect(id)).state).toBe('running');
    await engine.start(id);
    expect((await engine.inspect(id)).state).toBe('running');
  });

  it('containersOnPort names the container publishing a host port, and its project', async () => {
    const holders = await engine.containersOnPort(port);
    expect(holders).toEqual([{ id: one('web').id, name: one('web').name, project }]);
    expect(await engine.containersOnPort(port === 47999 ? 47998 : port + 1)).toEqual([]);
  });

  it('followLogs ends with the container, and on abort while it runs', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    await engine.followLogs(one('crash').id, 10, out, new AbortController().signal);
    expect(text.split('\n').filter(Boolean).sort()).toEqual(['one', 'two']);

    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    await engine.followLogs(one('idle').id, 10, new PassThrough(), stop.signal);
    expect(stop.signal.aborted).toBe(true);
  });

  it('knows which images exist, and says which container is unknown', async () => {
    expect(await engine.imageExists(BUSYBOX)).toBe(true);
    expect(await engine.imageExists('pyattest-rt-no-such-image:never')).toBe(false);
    await expect(engine.inspect('pyattest-rt-no-such-container')).rejects.toMatchObject({ code: 'E_ENGINE_CALL', exitCode: 3 });
    expect(await engine.listProject('pyattest-rt-no-such-project')).toEqual([]);
  });

  it('watchCreated reports each container of the project as the engine creates it, with its labels, and none of another project', async () => {
    const seen: { id: string; labels: Readonly<Record<string, string>> }[] = [];
    const stop = new AbortController();
    await engine.watchCreated(project, (id, labels) => seen.push({ id, labels }), stop.signal);
    const made: string[] = [];
    try {
      for (const [p, svc] of [
        [`${project}-other`, 'late'],
        [project, 'late'],
      ] as const) {
        const r = await execa('docker', [
          'create',
          '--label',
          `com.docker.compose.project=${p}`,
          '--label',
          `com.docker.compose.service=${svc}`,
          BUSYBOX,
          'true',
        ]);
        made.push(r.stdout.trim());
      }
      for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(seen.map((e) => e.id)).toEqual([made[1]]);
      expect(seen[0]!.labels).toMatchObject({ 'com.docker.compose.project': project, 'com.docker.compose.service': 'late' });
    } finally {
      stop.abort();
      await execa('docker', ['rm', '-f', '-v', ...made], { reject: false });
    }
  });
});

describe('an engine that cannot be reached', () => {
  it.each([
    ['unix:///nonexistent.sock', 'unix:///nonexistent.sock'],
    ['tcp://127.0.0.1:1', 'tcp://127.0.0.1:1'],
  ])('DOCKER_HOST=%s fails with exit 3, E_ENGINE and where it looked', async (host, where) => {
    const engine = await createDockerEngine({ ...process.env, DOCKER_HOST: host });
    const err = await engine.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect(err).toMatchObject({ code: 'E_ENGINE', exitCode: 3 });
    expect((err as Error).message).toContain(`Docker engine not reachable at ${where}: `);
    expect((err as EnvironmentError).hint).toMatch(/start Docker/);
    await expect(engine.listProject('x')).rejects.toBeInstanceOf(EnvironmentError);
    await expect(connectRuntime({ ...process.env, DOCKER_HOST: host })).rejects.toMatchObject({ code: 'E_ENGINE' });
  });

  it('a hung engine times out instead of hanging pyat', async () => {
    const net = await import('node:net');
    const server = net.createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    try {
      const engine = await createDockerEngine({ ...process.env, DOCKER_HOST: `tcp://127.0.0.1:${port}` }, { query: 300 });
      await expect(engine.ping()).rejects.toMatchObject({ code: 'E_ENGINE', message: expect.stringMatching(/no answer within 0.3 s/) });
    } finally {
      server.close();
    }
  });
});
