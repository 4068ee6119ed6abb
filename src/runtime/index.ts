// The runtime's front door: what commands call to get a live engine and Compose, checked up front
// so that a missing engine or Compose ends pyat with exit 3 before anything is changed.

import { createCompose } from './compose-cli.js';
import { detectCompose } from './detect-compose.js';
import { createDockerEngine } from './docker-engine.js';
import type { Compose, Engine } from './types.js';

/** The adapter interfaces, for commands that take them as parameters. */
export type { Compose, ComposeProject, Engine } from './types.js';
/** The host-side guards a command takes before changing a project. */
export { acquireProjectLock } from './lock.js';
export { isPortFree } from './ports.js';
export { createCompose } from './compose-cli.js';
export { detectCompose } from './detect-compose.js';

/** The engine, pinged: throws E_ENGINE (exit 3) when it cannot be reached. With `cancel`, every call ends when it aborts. */
export async function connectEngine(env: NodeJS.ProcessEnv, cancel?: AbortSignal): Promise<Engine> {
  const engine = await createDockerEngine(env, {}, cancel);
  await engine.ping();
  return engine;
}

/** The engine (pinged: throws E_ENGINE when unreachable) and the Compose found on `env`'s PATH (else E_COMPOSE), both ended by `cancel`. */
export async function connectRuntime(env: NodeJS.ProcessEnv, cancel?: AbortSignal): Promise<{ engine: Engine; compose: Compose }> {
  const engine = await connectEngine(env, cancel);
  const compose = createCompose(await detectCompose(env), env, cancel);
  return { engine, compose };
}
