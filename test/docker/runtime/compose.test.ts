import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { createCompose } from '../../../src/runtime/compose-cli.js';
import { detectCompose } from '../../../src/runtime/detect-compose.js';
import { composePluginPath } from '../../../src/runtime/compose-plugin.js';
import { createDockerEngine } from '../../../src/runtime/docker-engine.js';
import type { Compose, ComposeProject, Engine } from '../../../src/runtime/types.js';
import { composeConfig } from '../../support/compose.js';
import { BUSYBOX, ensureBusybox, leftovers, requireEngine, teardown, uniqueProject, writeComposeFile } from './harness.js';

const available = await requireEngine('runtime/compose');

describe('finding Compose', () => {
  it('prefers v2 where `docker compose` runs, and reports v1 (`docker-compose`) otherwise', async () => {
    const v2 = /^v?\d+\.\d+/.test((await execa('docker', ['compose', 'version', '--short'], { reject: false })).stdout);
    const hasV1 = (await execa('docker-compose', ['version', '--short'], { reject: false })).exitCode === 0;
    if (!v2 && !hasV1) return; // neither here: the next test covers it
    const cli = await detectCompose(process.env);
    // v2 is run as the plugin binary the docker CLI would run, when pyat finds it where the CLI looks.
    const plugin = await composePluginPath(process.env);
    expect(cli).toMatchObject(
      v2 ? { kind: 'v2', argv: plugin ? [plugin] : ['docker', 'compose'] } : { kind: 'v1', argv: ['docker-compose'] },
    );
    expect(cli.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a PATH without any Compose fails with E_COMPOSE, exit 3 and how to install it', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'pyattest-rt-path-'));
    try {
      // An empty docker config too: no plugin in its cli-plugins (nor, on these machines, in the system's).
      const err = await detectCompose({ ...process.env, PATH: empty, DOCKER_CONFIG: empty }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EnvironmentError);
      expect(err).toMatchObject({ code: 'E_COMPOSE', exitCode: 3 });
      expect((err as Error).message).toContain('neither `docker compose` (v2) nor `docker-compose` (v1) runs');
      expect((err as EnvironmentError).hint).toContain('apt-get install docker-compose');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!available)('the Compose adapter, against a real engine', () => {
  const a: ComposeProject = { name: uniqueProject(), file: '' };
  const b: ComposeProject = { name: uniqueProject(), file: '' };
  const bad: ComposeProject = { name: uniqueProject(), file: '' };
  const builtImage = `${a.name}-built:latest`;
  const dirs: string[] = [];
  let compose: Compose;
  let engine: Engine;

  beforeAll(async () => {
    await ensureBusybox();
    engine = await createDockerEngine(process.env);
    compose = createCompose(await detectCompose(process.env), process.env);
    const stop = { stop_signal: 'SIGKILL' }; // busybox sleep as pid 1 ignores SIGTERM
    const { dir, file } = await writeComposeFile({
      version: '3.8',
      services: {
        app: { image: BUSYBOX, command: ['sleep', '600'], volumes: ['data:/data'], ...stop },
        built: { build: { context: '.' }, image: builtImage, command: ['sleep', '600'], ...stop },
      },
      volumes: { data: {} },
    });
    await writeFile(path.join(dir, 'Dockerfile'), `FROM ${BUSYBOX}\nLABEL pyattest=runtime\n`);
    const badFile = await writeComposeFile({ version: '3.8', services: { nopull: { image: 'pyattest-rt-nonexistent/img:never' } } });
    dirs.push(dir, badFile.dir);
    a.file = file;
    b.file = file;
    bad.file = badFile.file;
  });

  afterAll(async () => {
    for (const p of [a, b, bad]) if (p.file) await teardown(p.name, p.file);
    await execa('docker', ['image', 'rm', '-f', builtImage], { reject: false });
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    for (const p of [a, b, bad]) {
      expect((await execa('docker', ['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${p.name}`])).stdout).toBe('');
      expect(await leftovers(p.name)).toEqual({ containers: [], networks: [], volumes: [] });
    }
  });

  it('create makes (and builds) the containers without starting them', async () => {
    await compose.create(a, [], { build: 'always' });
    const list = await engine.listProject(a.name);
    expect(list.map((c) => [c.service, c.state, c.startedAt])).toEqual([
      ['app', 'created', ''],
      ['built', 'created', ''],
    ]);
    expect(await engine.imageExists(builtImage)).toBe(true);
    const made = await leftovers(a.name);
    expect(made.networks).toHaveLength(1);
    expect(made.volumes).toEqual([`${a.name}_data`]);
  });

  it('down of one project leaves another side by side alone, and keeps named volumes unless asked', async () => {
    await compose.create(b, ['app'], { build: 'never' });
    const bBefore = await leftovers(b.name);
    expect(bBefore.containers).toHaveLength(1);

    await compose.down(a, { volumes: false, timeoutSeconds: 1 });
    expect(await leftovers(a.name)).toEqual({ containers: [], networks: [], volumes: [`${a.name}_data`] });
    expect(await leftovers(b.name)).toEqual(bBefore);

    await compose.down(a, { volumes: true, timeoutSeconds: 1 });
    expect(await leftovers(a.name)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(await leftovers(b.name)).toEqual(bBefore);
  });

  it('an image that cannot be pulled is named as such', async () => {
    const err = await compose.create(bad, [], { build: 'never' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect(err).toMatchObject({ code: 'E_IMAGE_PULL', exitCode: 3 });
    expect((err as Error).message).toMatch(/up failed: image pyattest-rt-nonexistent\/img(:never)? cannot be pulled/);
  });

  it('any other failure carries the last lines of Compose’s stderr', async () => {
    const err = await compose.create(b, ['no-such-service'], { build: 'never' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_COMPOSE_FAILED', exitCode: 3 });
    expect((err as Error).message).toMatch(/^docker.compose up failed: .*no-such-service/s);
  });

  it('Compose reads the file the adapter runs it with (its own `config` view)', async () => {
    const text = await composeConfig(compose.cli, b);
    expect(text).toContain('app:');
    expect(text).toContain(builtImage);
  });

  it('an aborted signal stops the call: E_INTERRUPTED (exit 130), naming the Compose run', async () => {
    const stop = new AbortController();
    stop.abort(new Error('stopped by the test'));
    const err = await compose.create(b, [], { build: 'never', signal: stop.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_INTERRUPTED', exitCode: 130 });
    expect((err as Error).message).toMatch(/^interrupted while docker.compose up ran$/);
  });
});
