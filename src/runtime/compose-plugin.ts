// Where the docker CLI finds its Compose v2 plugin, found the same way (docker/cli
// cli-plugins/manager): the config directory's cli-plugins, then config.json's
// cliPluginsExtraDirs, then the system directories. pyat runs that binary itself, as Compose v2
// supports (standalone `docker-compose`): `docker compose …` starts the docker CLI, which asks the
// plugin for its metadata and then starts it again — two extra Go processes, ~0.1 s, in front of
// every Compose call, and of the first container of every `up`.

import { readFile, realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// docker/cli cli-plugins/manager/manager_unix.go (darwin adds Docker Desktop's own).
const SYSTEM_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
];
const DARWIN_DIRS = ['/Applications/Docker.app/Contents/Resources/cli-plugins'];

/** The docker CLI's configuration directory: DOCKER_CONFIG, else ~/.docker. */
function configDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG ?? path.join(env.HOME ?? os.homedir(), '.docker');
}

/** config.json's `cliPluginsExtraDirs` (none when the file is missing or unreadable, as the CLI does). */
async function extraDirs(dir: string): Promise<string[]> {
  try {
    const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as { cliPluginsExtraDirs?: unknown };
    const extra = config.cliPluginsExtraDirs;
    return Array.isArray(extra) ? extra.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

/** The directories the docker CLI searches for plugins, in its order. */
export async function pluginDirs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<string[]> {
  const dir = configDir(env);
  return [path.join(dir, 'cli-plugins'), ...(await extraDirs(dir)), ...SYSTEM_DIRS, ...(platform === 'darwin' ? DARWIN_DIRS : [])];
}

/** The Compose v2 plugin the docker CLI would run for `docker compose` (its real path), or undefined (Windows: always). */
export async function composePluginPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<string | undefined> {
  if (platform === 'win32') return undefined;
  for (const dir of await pluginDirs(env, platform)) {
    try {
      const real = await realpath(path.join(dir, 'docker-compose'));
      const s = await stat(real);
      if (s.isFile() && (s.mode & 0o111) !== 0) return real;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
