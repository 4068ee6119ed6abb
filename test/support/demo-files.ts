// The demo stack as a user passes it to pyat: examples/demo/services.yaml, local.yaml (the local
// images) and a third override file of test ports, copied to a temp folder of its own, run under
// a unique project name. Unlike demoStack (test/support/pyat.ts), which merges the files into one,
// this keeps them apart, for tests of how pyat is called (`-f` several times) from outside.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { uniqueProjectName } from './compose.js';
import { removeProjectResources } from './engine.js';
import { testPorts } from './ports.js';

const demoDir = path.resolve(import.meta.dirname, '../../examples/demo');

/** A copy of the demo in its own folder. */
export interface DemoFiles {
  dir: string;
  project: string;
  /** The registry files, relative to `dir`, in `-f` order. */
  files: string[];
  /** Host port of each service. */
  ports: Record<string, number>;
  /** Removes the project's containers, networks and volumes, and the folder. */
  destroy(): Promise<void>;
}

/** Copies examples/demo (without generated files) and writes `ports.yaml`: every host port a free test port. */
export async function demoFiles(prefix: string): Promise<DemoFiles> {
  const project = uniqueProjectName(prefix);
  const dir = await mkdtemp(path.join(os.tmpdir(), `${project}-`));
  await cp(demoDir, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}compose${path.sep}.pyat`) });
  const base = parse(await readFile(path.join(demoDir, 'services.yaml'), 'utf8')) as {
    services: Record<string, { port?: number | { container: number } }>;
  };
  const names = Object.keys(base.services).filter((n) => base.services[n]?.port !== undefined);
  const free = await testPorts(names.length);
  const ports: Record<string, number> = {};
  const services: Record<string, { port: { host: number; container: number } }> = {};
  names.forEach((name, i) => {
    const port = base.services[name]?.port;
    const container = typeof port === 'number' ? port : (port?.container ?? 0);
    ports[name] = free[i] ?? 0;
    services[name] = { port: { host: free[i] ?? 0, container } };
  });
  await writeFile(path.join(dir, 'ports.yaml'), stringify({ port_range: [Math.min(...free), Math.max(...free)], services }));
  return {
    dir,
    project,
    files: ['services.yaml', 'local.yaml', 'ports.yaml'],
    ports,
    destroy: async () => {
      await removeProjectResources(project);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
