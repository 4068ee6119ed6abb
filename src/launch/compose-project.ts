// The Compose file `up` and `down` hand to Compose: the same model as `pyat generate`, rendered
// for the Compose that runs it (v1 rejects `start_interval`) and kept under compose/.pyat/, so
// that `-f` overrides never overwrite the committed compose/docker-compose.yml. Compose only
// creates from it; pyat starts and gates, so its `depends_on` keeps the order, not the health condition.

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildComposeModel, type ComposeTarget } from '../compose/model.js';
import { renderComposeFile } from '../compose/render.js';
import type { Registry } from '../registry/model.js';
import type { ComposeProject } from '../runtime/types.js';

/** Where the runtime Compose file of a project lives. */
export function runtimeDir(registry: Registry): string {
  return path.join(registry.baseDir, 'compose', '.pyat');
}

/** Writes the runtime Compose file (only when its text changed) and describes the project. */
export async function writeComposeProject(registry: Registry, target: ComposeTarget): Promise<ComposeProject> {
  const dir = runtimeDir(registry);
  await mkdir(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!existsSync(ignore)) await writeFile(ignore, '# written by pyat at run time\n*\n');
  const file = path.join(dir, `${registry.name}.yml`);
  const text = renderComposeFile(buildComposeModel(registry, { outDir: dir, target, gate: 'pyat' }), registry.files, dir);
  if ((await readFile(file, 'utf8').catch(() => '')) !== text) await writeFile(file, text);
  const envFile = path.join(registry.baseDir, '.env');
  return { name: registry.name, file, ...(existsSync(envFile) ? { envFile } : {}) };
}
