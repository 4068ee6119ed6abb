// Which Compose this machine has. v2 (the docker CLI's compose plugin) is preferred, as Docker's
// own docs do since v1 reached end of life in 2023; v1 (`docker-compose`, Python) still works for pyat.

import { EnvironmentError } from '../errors.js';
import { loadExeca } from './load-execa.js';
import { cachedVersion } from './compose-version-cache.js';
import { composePluginPath } from './compose-plugin.js';
import type { ComposeCli } from './types.js';
import { defined } from '../util/defined.js';

// Enough for v1's Python start-up on a loaded machine; a hung binary must not hang pyat.
const PROBE_TIMEOUT_MS = 15_000;

/**
 * Finds Compose for `env`, v2 first: the plugin binary the docker CLI would run (compose-plugin.ts),
 * run directly; else `docker compose` (asked every time: the CLI may find a plugin pyat does not);
 * else v1. The answer of an executable file is remembered while that file stays the same.
 */
export async function detectCompose(env: NodeJS.ProcessEnv): Promise<ComposeCli> {
  const plugin = await composePluginPath(env);
  const candidates: { kind: ComposeCli['kind']; argv: string[]; cached: boolean }[] = [
    ...(plugin ? [{ kind: 'v2' as const, argv: [plugin], cached: true }] : []),
    { kind: 'v2', argv: ['docker', 'compose'], cached: false },
    { kind: 'v1', argv: ['docker-compose'], cached: true },
  ];
  for (const { kind, argv, cached } of candidates) {
    const version = cached
      ? await cachedVersion(defined(argv[0], 'the Compose executable'), env, () => versionOf(argv, env))
      : await versionOf(argv, env);
    if (version !== undefined) return { kind, version, argv };
  }
  throw new EnvironmentError(
    'E_COMPOSE',
    'Docker Compose not found: neither `docker compose` (v2) nor `docker-compose` (v1) runs',
    'install Compose v2 (https://docs.docker.com/compose/install/) or, on Debian, `apt-get install docker-compose`',
  );
}

// `version --short` prints "2.24.5" (v2, some builds "v2.24.5") or "1.29.2" (v1). A docker CLI
// without the plugin fails ("unknown flag: --short", exit 125) or prints help: not a version.
async function versionOf([file, ...args]: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const { execa } = await loadExeca();
  const r = await execa(defined(file, 'the Compose executable'), [...args, 'version', '--short'], {
    env,
    extendEnv: false,
    reject: false,
    timeout: PROBE_TIMEOUT_MS,
    stdin: 'ignore',
  });
  const out = r.exitCode === 0 ? r.stdout.trim() : '';
  return /^v?\d+\.\d+/.test(out) ? out.replace(/^v/, '') : undefined;
}
