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
import type { Probe } from '../probes/types.js';

/** The project's containers of the selected services, by service name. */
export async function projectContainers(
  engine: Pick<Engine, 'listProject'>,
  project: string,
  names: readonly string[],
): Promise<Map<string, ContainerInfo>> {
  return new Map((await engine.listProject(project)).filter((c) => names.includes(c.service)).map((c) => [c.service, c]));
}

/**
 * What the engine holds for `names`; every running container that is current is probed once. A
 * probe that needs no container (a published port) is asked while the engine lists, and its
 * answer used only when the listing shows that service running and current.
 */
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
  const serviceOf = (name: string): ServiceDef => defined(registry.services.get(name), `service ${name}`);
  // Each early probe can be stopped alone (the listing may show its service not running), and all at Ctrl-C.
  const early = new Map(
    names.flatMap((n) => {
      const probe = serviceOf(n).job ? undefined : deps.probeFor(serviceOf(n));
      if (!probe) return [];
      const stop = new AbortController();
      return [[n, { stop, answer: answerOnce(probe, stop.signal) }] as const];
    }),
  );
  const stopAll = (): void => {
    for (const e of early.values()) e.stop.abort();
  };
  signal.addEventListener('abort', stopAll, { once: true });
  if (signal.aborted) stopAll();
  try {
    const [containers, imageIds] = await Promise.all([
      projectContainers(deps.engine, registry.name, names),
      imageIdsOf(registry, names, deps.engine, deps.vars),
    ]);
    const outdated = new Set(servicesToCreate(registry, names, containers, imageIds));
    const current = names.filter((n) => !outdated.has(n));
    // A job is never running when it is done: it is ready when its container exited 0.
    const completedJobs = current.filter((n) => {
      const c = containers.get(n);
      return serviceOf(n).job && c !== undefined && jobVerdict(c).status === 'ready';
    });
    const running = current.filter((n) => containers.get(n)?.state === 'running' && !serviceOf(n).job);
    for (const [n, e] of early) if (!running.includes(n)) e.stop.abort();
    const answers = await Promise.all(
      running.map(async (name) => {
        const asked = early.get(name);
        if (asked) return (await asked.answer) ? name : undefined;
        const probe = deps.probeFor(serviceOf(name), containers.get(name));
        if (!probe) return name; // no probe: running is all it promises
        return (await answerOnce(probe, signal)) ? name : undefined;
      }),
    );
    return { containers, imageIds, readyNow: new Set([...completedJobs, ...answers.filter((n) => n !== undefined)]) };
  } finally {
    signal.removeEventListener('abort', stopAll);
    stopAll();
    await Promise.all([...early.values()].map((e) => e.answer));
  }
}

/** Whether `probe` answers ready at its first attempt; the probe is closed afterwards. */
async function answerOnce(probe: Probe, signal: AbortSignal): Promise<boolean> {
  try {
    return (await probe.check(signal)).status === 'ready';
  } finally {
    await probe.close();
  }
}
