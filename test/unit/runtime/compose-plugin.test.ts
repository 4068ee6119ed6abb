import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composePluginPath, pluginDirs } from '../../../src/runtime/compose-plugin.js';
import { detectCompose } from '../../../src/runtime/detect-compose.js';

// The docker CLI's plugin search, reproduced on directories made for the test: no Docker needed.
describe('the Compose v2 plugin, found where the docker CLI looks', () => {
  let dir: string;
  let config: string;
  let extra: string;
  const env = (more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ DOCKER_CONFIG: config, PATH: path.join(dir, 'no-bin'), ...more });

  async function plugin(where: string, version = '2.29.1', mode = 0o755): Promise<string> {
    await mkdir(where, { recursive: true });
    const file = path.join(where, 'docker-compose');
    await writeFile(file, `#!/bin/sh\n[ "$1 $2" = "version --short" ] && echo ${version}\n`);
    await chmod(file, mode);
    return file;
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pyattest-compose-plugin-'));
    config = path.join(dir, 'config');
    extra = path.join(dir, 'extra');
    await mkdir(config);
    await writeFile(path.join(config, 'config.json'), JSON.stringify({ cliPluginsExtraDirs: [extra] }));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('searches the config dir, then cliPluginsExtraDirs, then the system dirs (Docker Desktop last on macOS)', async () => {
    const linux = await pluginDirs(env(), 'linux');
    expect(linux.slice(0, 3)).toEqual([path.join(config, 'cli-plugins'), extra, '/usr/local/lib/docker/cli-plugins']);
    expect(linux.at(-1)).toBe('/usr/libexec/docker/cli-plugins');
    expect((await pluginDirs(env(), 'darwin')).at(-1)).toBe('/Applications/Docker.app/Contents/Resources/cli-plugins');
  });

  it('takes the config dir’s plugin over an extra dir’s, and skips a file that is not executable', async () => {
    const inExtra = await plugin(extra);
    expect(await composePluginPath(env(), 'linux')).toBe(inExtra);
    await plugin(path.join(config, 'cli-plugins'), '2.30.0', 0o644);
    expect(await composePluginPath(env(), 'linux')).toBe(inExtra);
    const inConfig = await plugin(path.join(config, 'cli-plugins'));
    expect(await composePluginPath(env(), 'linux')).toBe(inConfig);
  });

  it('a broken config.json is no extra dir (as the CLI reads it)', async () => {
    await plugin(extra);
    await writeFile(path.join(config, 'config.json'), '{ not json');
    expect(await composePluginPath(env(), 'linux')).toBeUndefined();
  });

  it('detectCompose runs the plugin binary itself, as v2, with its version', async () => {
    const file = await plugin(extra, '2.29.1');
    expect(await detectCompose(env())).toEqual({ kind: 'v2', version: '2.29.1', argv: [file] });
  });

  it('a plugin that does not answer its version is passed over', async () => {
    await plugin(extra, 'garbage');
    const err = await detectCompose(env()).catch((e: unknown) => e);
    expect((err as Error).message).toContain('neither `docker compose` (v2) nor `docker-compose` (v1) runs');
  });
});
