// The Compose file `up` and `down` hand to Compose: the same model as `pyat generate`, rendered
// for the Compose that runs it (v1 rejects `start_interval`) and kept under compose/.pyat/, so
// that `-f` overrides never overwrite the committed compose/docker-compose.yml. Compose only
// creates from it; pyat starts and gates, so its `depends_on` keeps the order, not the health condition.

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildComposeModel, type ComposeModelOptions } from '../compose/model.js';
import { renderComposeFile } from '../compose/render.js';
import type { Registry } from '../registry/model.js';
import type { Compose, ComposeProject, Engine } from '../runtime/types.js';

/** Where the runtime Compose file of a project lives. */
export function runtimeDir(registry: Registry): string {
  return path.join(registry.baseDir, 'compose', '.pyat');
}

/** The form of the file for the Compose and engine at hand. */
export type RuntimeForm = Pick<ComposeModelOptions, 'target' | 'startInterval'>;

/**
 * v1 needs its own form; v2 writes `start_interval` only where the engine takes it (API 1.44,
 * Docker 25): on an older engine v2 refuses the whole file ("can't set healthcheck.start_interval").
 */
export function runtimeForm(compose: 'v1' | 'v2', engineApi: string): RuntimeForm {
  if (compose === 'v1') return { target: 'v1', startInterval: false };
  const [major = 0, minor = 0] = engineApi.split('.').map(Number);
  return { target: 'spec', startInterval: major > 1 || (major === 1 && minor >= 44) };
}

/** Writes the runtime Compose file (only when its text changed) and describes the project. */
export async function writeComposeProject(registry: Registry, form: RuntimeForm): Promise<ComposeProject> {
  const dir = runtimeDir(registry);
  await mkdir(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!existsSync(ignore)) await writeFile(ignore, '# written by pyat at run time\n*\n');
  const file = path.join(dir, `${registry.name}.yml`);
  const inlineDockerfiles = form.target === 'v1' ? await writeInlineDockerfiles(registry, dir) : undefined;
  const model = buildComposeModel(registry, { outDir: dir, ...form, gate: 'pyat', ...(inlineDockerfiles ? { inlineDockerfiles } : {}) });
  const text = renderComposeFile(model, registry.files, dir);
  if ((await readFile(file, 'utf8').catch(() => '')) !== text) await writeFile(file, text);
  const envFile = path.join(registry.baseDir, '.env');
  return { name: registry.name, file, ...(existsSync(envFile) ? { envFile } : {}) };
}

/** Compose v1 has no `build.dockerfile_inline`: each such Dockerfile is written beside the runtime file, for v1 to build from. */
async function writeInlineDockerfiles(registry: Registry, dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const svc of registry.services.values()) {
    if (svc.build?.dockerfileInline === undefined) continue;
    const file = path.join(dir, `${registry.name}.${svc.name}.Dockerfile`);
    await writeFile(file, svc.build.dockerfileInline);
    files.set(svc.name, file);
  }
  return files;
}

/** Writes the runtime file in the form `compose` and `engine` take, and describes the project. */
export async function composeProjectFor(
  registry: Registry,
  compose: Pick<Compose, 'cli'>,
  engine: Pick<Engine, 'ping'>,
): Promise<ComposeProject> {
  const form = compose.cli.kind === 'v1' ? runtimeForm('v1', '') : runtimeForm('v2', (await engine.ping()).apiVersion);
  return writeComposeProject(registry, form);
}
