// Observing before deciding (docker/compose's observed_state.go): the project's containers, the
// images' IDs, and which running containers answer their probe right now — all asked at once, so
// that `up` on a healthy stack costs one round of probes, not one per tier.

import type { Registry, ServiceDef } from '../registry/model.js';
import type { ContainerInfo, Engine } from '../runtime/types.js';
import { defined } from '../util/defined.js';
import { servicesToCreate } from './converged.js';
import type { Observed } from './launch-plan.js';
import { jobVerdict } from './job-readiness.js';
import { imageIdsOf } from './preflight.js';
import type { ProbeFor } from './probe-for.js';

/** The project's containers of the selected services, by service name. */
export async function projectContainers(
  engine: Pick<Engine, 'listProject'>,
  project: string,
  names: readonly string[],
): Promise<Map<string, ContainerInfo>> {
  return new Map((await engine.listProject(project)).filter((c) => names.includes(c.service)).map((c) => [c.service, c]));
}

/** What the engine holds for `names`; every running container that is current is probed once. */
export async function observe(
  registry: Registry,
  names: readonly string[],
  deps: {
    engine: Pick<Engine, 'listProject' | 'imageId'>;
    vars: Readonly<Record<string, string>>;
    probeFor: ProbeFor;
  },
  signal: AbortSignal,
): Promise<Observed> {
  const [containers, imageIds] = await Promise.all([
    projectContainers(deps.engine, registry.name, names),
    imageIdsOf(registry, names, deps.engine, deps.vars),
  ]);
  const outdated = new Set(servicesToCreate(registry, names, containers, imageIds));
  const current = names.filter((n) => !outdated.has(n));
  const serviceOf = (name: string): ServiceDef => defined(registry.services.get(name), `service ${name}`);
  // A job is never running when it is done: it is ready when its container exited 0.
  const completedJobs = current.filter((n) => {
    const c = containers.get(n);
    return serviceOf(n).job && c !== undefined && jobVerdict(c).status === 'ready';
  });
  const running = current.filter((n) => containers.get(n)?.state === 'running' && !serviceOf(n).job);
  const answers = await Promise.all(
    running.map(async (name) => {
      const probe = deps.probeFor(serviceOf(name), containers.get(name));
      if (!probe) return name; // no probe: running is all it promises
      try {
        return (await probe.check(signal)).status === 'ready' ? name : undefined;
      } finally {
        await probe.close();
      }
    }),
  );
  return { containers, imageIds, readyNow: new Set([...completedJobs, ...answers.filter((n) => n !== undefined)]) };
}
