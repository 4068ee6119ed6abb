// Running pyat itself in Docker-backed tests: a copy of the demo stack in its own temp dir, with
// its own project name and test ports, and the CLI run in-process (fast, output captured) or as
// a real process (for signals).

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { parse, stringify } from 'yaml';
import { runPyat, type PyatRun } from './run-pyat.js';
import { uniqueProjectName } from './compose.js';
import { removeProjectResources } from './engine.js';
import { testPorts } from './ports.js';

export { runPyat, type PyatRun };

const repo = path.resolve(import.meta.dirname, '../..');
const demoDir = path.join(repo, 'examples/demo');

/** Starts the built CLI (dist/cli/pyat.cjs, the package's executable) as a real process, for tests that send it signals. */
export function spawnPyat(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ResultPromise {
  return execa('node', [path.join(repo, 'dist/cli/pyat.cjs'), ...args], {
    cwd: opts.cwd ?? repo,
    env: opts.env ?? process.env,
    reject: false,
    all: true,
  });
}

/** A service's changes for one test: env to add, keys to replace (e.g. `health`), or `null` to drop the service. */
export type ServicePatch = { env?: Record<string, string | number>; [key: string]: unknown } | null;

/** A demo stack of one's own: a registry file in a temp dir, a unique project name, test host ports. */
export interface TestStack {
  project: string;
  dir: string;
  file: string;
  /** Host port of each service. */
  ports: Record<string, number>;
  /** The registry as an object; `save()` writes it back after a test changes it. */
  registry: { name: string; port_range: [number, number]; services: Record<string, Record<string, unknown>> };
  save(): Promise<void>;
  /** Runs pyat against this stack (`-f <file>` is added). */
  pyat(args: string[], env?: NodeJS.ProcessEnv): Promise<PyatRun>;
  /** Removes every container, network and volume of the project, and the temp dir. */
  destroy(): Promise<void>;
}

/**
 * Makes a copy of examples/demo (services.yaml merged with local.yaml, so it runs on the local
 * images with no build), with `patches` applied per service. Every host port is replaced by a
 * free test port; application ports stay inside the registry's port_range.
 */
export async function demoStack(prefix: string, patches: Record<string, ServicePatch> = {}): Promise<TestStack> {
  const base = parse(await readFile(path.join(demoDir, 'services.yaml'), 'utf8'));
  const local = parse(await readFile(path.join(demoDir, 'local.yaml'), 'utf8'));
  const services: Record<string, Record<string, unknown>> = {};
  for (const [name, def] of Object.entries(base.services as Record<string, Record<string, unknown>>)) {
    if (def.profiles) continue; // the fault-demo services stay out unless a test adds them
    const image = (local.services?.[name] as { image?: string } | undefined)?.image;
    const { build: _build, ...rest } = def;
    services[name] = { ...rest, ...(image ? { image } : {}) };
  }
  for (const [name, patch] of Object.entries(patches)) {
    if (patch === null) {
      Reflect.deleteProperty(services, name);
      continue;
    }
    const { env, ...keys } = patch;
    const current = services[name] ?? {};
    services[name] = {
      ...current,
      ...keys,
      env: { ...(current.env as object), ...Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, String(v)])) },
    };
  }
  const names = Object.keys(services);
  const free = await testPorts(names.length);
  const ports: Record<string, number> = {};
  names.forEach((name, i) => {
    const svc = services[name]!;
    const current = svc.port;
    const container = typeof current === 'number' ? current : (current as { container?: number } | undefined)?.container;
    if (container === undefined) return;
    ports[name] = free[i]!;
    svc.port = { host: free[i]!, container };
  });
  const project = uniqueProjectName(prefix);
  const dir = await mkdtemp(path.join(os.tmpdir(), `${project}-`));
  const file = path.join(dir, 'services.yaml');
  const registry = { name: project, port_range: [Math.min(...free), Math.max(...free)] as [number, number], services };
  const stack: TestStack = {
    project,
    dir,
    file,
    ports,
    registry,
    save: () => writeFile(file, stringify(stack.registry)),
    pyat: (args, env) => runPyat(['-f', file, ...args], { cwd: dir, ...(env ? { env } : {}) }),
    destroy: async () => {
      await removeProjectResources(project);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await stack.save();
  return stack;
}
