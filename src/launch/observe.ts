// Observing before deciding (docker/compose's observed_state.go): the project's containers, the
// images' IDs, and which running containers answer their probe right now — all asked at once, so
// that `up` on a healthy stack costs one round of probes, not one per tier. The probes start as
// soon as the engine's list says which containers are current and running, while each container
// is still being inspected: they reach only ports that the list shows our running containers
// publish, so no probe (or password) ever goes to a process pyat does not own.

import type { Registry, ServiceDef } from '../registry/model.js';
import type { ContainerInfo, Engine, ListedContainer } from '../runtime/types.js';
import { byCodePoint } from '../util/compare.js';
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
  return byService(await engine.listProject(project), names);
}

/** What the engine holds for `names`; every running container that is current is probed once. */
export async function observe(
  registry: Registry,
  names: readonly string[],
  deps: {
    engine: Pick<Engine, 'listProjectBrief' | 'inspectIfThere' | 'imageId'>;
    vars: Readonly<Record<string, string>>;
    probeFor: ProbeFor;
  },
  signal: AbortSignal,
): Promise<Observed> {
  const { engine } = deps;
  const listing = engine.listProjectBrief(registry.name).then((list) => list.filter((c) => names.includes(c.service)));
  // The list lacks exit codes, restart counts and times: each container is inspected meanwhile.
  const inspecting = listing.then((list) => Promise.all(list.map((c) => engine.inspectIfThere(c.id))));
  const [listed, imageIds] = await Promise.all([
    listing.then((list) => byService(list, names)),
    imageIdsOf(registry, names, engine, deps.vars),
  ]);
  const outdated = new Set(servicesToCreate(registry, names, listed, imageIds));
  const serviceOf = (name: string): ServiceDef => defined(registry.services.get(name), `service ${name}`);
  const running = names.filter((n) => !outdated.has(n) && listed.get(n)?.state === 'running' && !serviceOf(n).job);
  const probing = Promise.all(
    running.map(async (name) => ({ name, ready: await answersNow(serviceOf(name), listed.get(name), deps.probeFor, signal) })),
  );
  const [inspected, answers] = await Promise.all([inspecting, probing]);
  const containers = byService(
    inspected.filter((c) => c !== undefined),
    names,
  );
  // An answer counts for the container inspected: the same one, still running.
  const sameAndRunning = (name: string): boolean => {
    const c = containers.get(name);
    return c !== undefined && c.id === listed.get(name)?.id && c.state === 'running';
  };
  const readyNow = answers.filter((a) => a.ready && sameAndRunning(a.name)).map((a) => a.name);
  // A job is never running when it is done: it is ready when its container exited 0.
  const completedJobs = names.filter((n) => {
    const c = containers.get(n);
    return !outdated.has(n) && serviceOf(n).job && c !== undefined && jobVerdict(c).status === 'ready';
  });
  return { containers, imageIds, readyNow: new Set([...completedJobs, ...readyNow]) };
}

/** Whether the service's probe answers ready right now (no probe: running is all it promises). */
async function answersNow(
  svc: ServiceDef,
  container: ListedContainer | undefined,
  probeFor: ProbeFor,
  signal: AbortSignal,
): Promise<boolean> {
  const probe = probeFor(svc, container);
  if (!probe) return true;
  try {
    return (await probe.check(signal)).status === 'ready';
  } finally {
    await probe.close();
  }
}

/** One container per service (the last by name, as the engine's sorted list gives them). */
function byService<C extends Pick<ContainerInfo, 'service' | 'name'>>(list: readonly C[], names: readonly string[]): Map<string, C> {
  const sorted = list
    .filter((c) => names.includes(c.service))
    .sort((a, b) => byCodePoint(a.service, b.service) || byCodePoint(a.name, b.name));
  return new Map(sorted.map((c) => [c.service, c]));
}
