// Which Compose the Compose side of the benchmark runs: the one pyat itself would use
// (`docker compose`, v2, where it works; else `docker-compose`, v1).

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './measure.mjs';

/**
 * Makes Compose v2 the Compose of this run, for both sides (the pyat it runs inherits the env), when
 * scripts/docker-env.sh has unpacked it beside v1: v2 is what pyat prefers and what developers
 * mostly have. BENCH_COMPOSE=v1 keeps v1. Returns what undoes it.
 */
export function preferComposeV2() {
  const dir = process.env.PYAT_COMPOSE_V2_DIR ?? '/opt/pyat/compose-v2';
  if (process.env.BENCH_COMPOSE === 'v1' || !existsSync(path.join(dir, 'docker-compose'))) return () => undefined;
  const config = mkdtempSync(path.join(os.tmpdir(), 'pyatbench-docker-config-'));
  writeFileSync(path.join(config, 'config.json'), JSON.stringify({ cliPluginsExtraDirs: [dir] }));
  process.env.DOCKER_CONFIG = config;
  return () => rmSync(config, { recursive: true, force: true });
}

/** `{ argv, kind, version }` of the Compose found on PATH; throws when there is none. */
export async function detectCompose() {
  for (const [kind, argv] of [
    ['v2', ['docker', 'compose']],
    ['v1', ['docker-compose']],
  ]) {
    const r = await run(argv[0], [...argv.slice(1), 'version', '--short']);
    const version = r.code === 0 ? r.stdout.trim().replace(/^v/, '') : '';
    if (/^\d+\.\d+/.test(version)) return { kind, argv, version };
  }
  throw new Error('neither `docker compose` nor `docker-compose` runs here; run scripts/docker-env.sh');
}

/** The argv of a Compose call on one project and file. */
export function composeArgs(compose, project, file, subcommand) {
  return [...compose.argv.slice(1), '-p', project, '-f', file, ...subcommand];
}
