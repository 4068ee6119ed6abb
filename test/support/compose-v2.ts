// Compose v2 for the tests that run it: scripts/docker-env.sh unpacks it into its own folder (it
// is not installed; v1 stays the Compose on PATH), and a DOCKER_CONFIG of the tests' own points the
// docker CLI at it (cliPluginsExtraDirs), so that `docker compose` is v2.

import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Where scripts/docker-env.sh unpacks Compose v2. */
export const COMPOSE_V2_DIR = process.env.PYAT_COMPOSE_V2_DIR ?? '/opt/pyat/compose-v2';

/** Whether Compose v2 is there. */
export const haveComposeV2 = existsSync(path.join(COMPOSE_V2_DIR, 'docker-compose'));

/** A new DOCKER_CONFIG directory under which `docker compose` is the unpacked v2; the caller removes it. */
export async function composeV2Config(): Promise<string> {
  const config = await mkdtemp(path.join(os.tmpdir(), 'pyat-v2-config-'));
  await writeFile(path.join(config, 'config.json'), JSON.stringify({ cliPluginsExtraDirs: [COMPOSE_V2_DIR] }));
  return config;
}
