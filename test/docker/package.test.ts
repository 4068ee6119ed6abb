import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_IMAGES, projectResources, requireDocker } from '../support/docker.js';
import { demoFiles, type DemoFiles } from '../support/demo-files.js';

// pyat as a user installs it: `npm pack` of this work tree, that tarball installed in an empty
// folder (its dependencies from the npm registry or npm's cache), and the installed `pyat` run
// from there on the demo stack — no file of this repository but the tarball is used.
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService]);
const repo = path.resolve(import.meta.dirname, '../..');

describe.skipIf(!docker.ok)('the packed tarball, installed in an empty folder', { timeout: 240_000 }, () => {
  let temp = '';
  let demo: DemoFiles | undefined;
  let pyat = '';
  const run = (args: string[]) =>
    execa(pyat, [...demo!.files.flatMap((f) => ['-f', f]), ...args], { cwd: demo!.dir, reject: false, all: true });

  beforeAll(async () => {
    if (!existsSync(path.join(repo, 'dist/cli/pyat.cjs'))) throw new Error('dist/cli/pyat.cjs missing: run `npm run build` first');
    temp = await mkdtemp(path.join(os.tmpdir(), 'pyat-package-'));
    // --ignore-scripts: pack the build that the tests run on; `prepare` would rebuild dist/ under the other tests' feet.
    const packed = await execa('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', temp], { cwd: repo });
    const tarball = path.join(temp, packed.stdout.trim().split('\n').at(-1) ?? '');
    const app = path.join(temp, 'app');
    await mkdir(app);
    await execa('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: app });
    pyat = path.join(app, 'node_modules/.bin/pyat');
    demo = await demoFiles('package');
  }, 240_000);

  afterAll(async () => {
    await demo?.destroy();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('installs an executable `pyat` that tells its version', async () => {
    const version = (JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
    const r = await execa(pyat, ['--version']);
    expect(r.stdout.trim()).toBe(version);
  });

  it('holds the executable and its chunks, and nothing of the sources or the tests', async () => {
    const installed = path.join(temp, 'app/node_modules/pyat');
    expect((await readdir(installed)).sort()).toEqual(['README.md', 'dist', 'package.json', 'services.schema.json']);
    expect((await readdir(path.join(installed, 'dist/cli'))).sort()).toEqual(['bin.js', 'chunks', 'pyat.cjs']);
  });

  it('validates the demo registry (three files) and brings it up, then down', async () => {
    const validate = await run(['validate']);
    expect(validate.exitCode, validate.all).toBe(0);
    const up = await run(['-p', demo!.project, 'up']);
    expect(up.exitCode, up.all).toBe(0);
    expect(up.all).toContain('6/6 healthy');
    const down = await run(['-p', demo!.project, 'down', '--volumes']);
    expect(down.exitCode, down.all).toBe(0);
    expect(await projectResources(demo!.project)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
