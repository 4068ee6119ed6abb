// Which Compose the Compose side of the benchmark runs: the one pyat itself would use
// (`docker compose`, v2, where it works; else `docker-compose`, v1).

import { run } from './measure.mjs';

/** `{ argv, kind, version }` of the Compose found on PATH; throws when there is none. */
export async function detectCompose() {
  for (const [kind, argv] of [['v2', ['docker', 'compose']], ['v1', ['docker-compose']]]) {
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
