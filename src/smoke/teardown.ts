// The end of every smoke run: the project goes, volumes included — a smoke run's data is
// throwaway, and a volume left behind would seed the next run with stale state.

import { composeProjectFor } from '../launch/compose-project.js';
import type { Registry } from '../registry/model.js';
import * as runtime from '../runtime/index.js';
import type { Engine } from '../runtime/types.js';

/** Removes the project's containers, networks and volumes through Compose (under the project lock); returns the services removed. */
export async function tearDown(
  registry: Registry,
  engine: Engine,
  env: NodeJS.ProcessEnv,
  onWait: (pid: number) => void,
): Promise<string[]> {
  const lock = await runtime.acquireProjectLock(registry.name, { waitMs: 60_000, onWait });
  try {
    const before = await engine.listProject(registry.name);
    const compose = runtime.createCompose(await runtime.detectCompose(env), env);
    const project = await composeProjectFor(registry, compose, engine);
    await compose.down(project, { volumes: true });
    return before.map((c) => c.service);
  } finally {
    await lock.release();
  }
}
