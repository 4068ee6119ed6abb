// Docker-backed tests: whether the engine answers (a missing engine skips locally and fails in
// CI), and what a Compose project left behind. Compose projects themselves: compose.ts.
import { resolveDockerEndpoint } from '../../src/runtime/docker-host.js';
import { dockerClient } from './engine.js';

export { uniqueProjectName, useComposeProject } from './compose.js';
export { dockerClient, projectResources, type ProjectResources } from './engine.js';
export { testPorts } from './ports.js';
export { waitFor } from './wait.js';

/** The images scripts/docker-env.sh builds; no registry is reachable on the pyat machines. */
export const LOCAL_IMAGES = {
  debian: 'pyat-local/debian:bookworm',
  postgres: 'pyat-local/postgres:15',
  redis: 'pyat-local/redis:7',
  demoService: 'pyat-local/demo-service:latest',
} as const;

/** Whether the engine (and the images asked for) are there, where the engine was looked for, and why not. */
export interface DockerStatus {
  ok: boolean;
  where: string;
  /** What is missing: the engine itself, or images the tests need. */
  missing?: 'engine' | 'images';
  reason?: string;
}

/** Pings the engine (2 s budget) and looks for `images`. Never throws. */
export async function dockerAvailable(images: readonly string[] = []): Promise<DockerStatus> {
  const where = resolveDockerEndpoint(process.env).where;
  try {
    // dockerode's ping takes { abortSignal } at runtime (lib/docker.js); its typings leave it out.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(), on its client
    const ping = dockerClient().ping as unknown as (opts: { abortSignal: AbortSignal }) => Promise<unknown>;
    await ping.call(dockerClient(), { abortSignal: AbortSignal.timeout(2000) });
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err);
    return { ok: false, where, missing: 'engine', reason: `Docker engine not reachable at ${where}: ${cause}` };
  }
  const missing: string[] = [];
  for (const image of images) {
    try {
      await dockerClient().getImage(image).inspect();
    } catch {
      missing.push(image);
    }
  }
  if (missing.length > 0)
    return { ok: false, where, missing: 'images', reason: `image${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not built` };
  return { ok: true, where };
}

/**
 * For the top of a Docker-backed test file:
 *   const docker = await requireDocker([LOCAL_IMAGES.postgres]);
 *   describe.skipIf(!docker.ok)('…', () => { … });
 * Without an engine (or an image) the file is skipped with one visible line — except in CI,
 * where it throws so that the run fails instead of passing with nothing tested.
 */
export async function requireDocker(images: readonly string[] = []): Promise<DockerStatus> {
  const status = await dockerAvailable(images);
  if (status.ok) return status;
  if (process.env.CI) throw new Error(`${status.reason}; run scripts/docker-env.sh (CI is set: Docker-backed tests must run)`);
  const what = status.missing === 'engine' ? 'no Docker engine' : 'missing images';
  console.warn(`skipping Docker-backed tests: ${what} (${status.reason}; run scripts/docker-env.sh)`);
  return status;
}
