// The body of `pyat up`, shared with `pyat smoke`: under the project lock, let Compose create
// what the registry declares (only when something is missing or out of date, after preflight),
// then start the services tier by tier. Output goes through `io`, so each command shows it its way.

import { InterruptedError } from '../errors.js';
import type { Plan } from '../plan/tiers.js';
import type { Registry } from '../registry/model.js';
import * as runtime from '../runtime/index.js';
import type { BuildPolicy, ContainerInfo, Engine } from '../runtime/types.js';
import { systemClock } from '../util/clock.js';
import { writeComposeProject } from './compose-project.js';
import { servicesToCreate } from './converged.js';
import { preflight, throwPreflight } from './preflight.js';
import { probeFactory } from './probe-for.js';
import { runTiers } from './run-tiers.js';
import type { LaunchEvent, LaunchResult } from './types.js';

/** What the caller decides: the build policy, `--timeout`, `--down-on-failure`. */
export interface BringUpOptions {
  build: BuildPolicy;
  timeout?: number;
  downOnFailure?: boolean;
}

/** Where a bring-up reports: progress lines, the live events, and the moment it first changes the project. */
export interface BringUpIO {
  info(line: string): void;
  /** A line that must be seen even where `info` is quiet (`--json`): waiting for another pyat. Falls back to `info`. */
  notice?(line: string): void;
  /** Opens the live event output when the tiers begin; `elapsed` is ms since then. */
  events(elapsed: () => number): { event(e: LaunchEvent): void; close(): void };
  /** Called before Compose creates anything and before any container is started: from then on there is something to tear down. */
  onChange?(): void;
}

/** What is brought up, and with what: the registry and plan, resolved variables, a pinged engine, the env Compose runs with. */
export interface BringUpTarget {
  registry: Registry;
  plan: Plan;
  vars: Readonly<Record<string, string>>;
  engine: Engine;
  env: NodeJS.ProcessEnv;
}

/** Brings the plan's services up; throws (exit 2/3) before anything starts, else returns the result. */
export async function bringUp(target: BringUpTarget, opts: BringUpOptions, io: BringUpIO, signal: AbortSignal): Promise<LaunchResult> {
  const { registry, plan, vars, engine, env } = target;
  const names = plan.tiers.flat();
  const { build } = opts;
  const lock = await runtime.acquireProjectLock(registry.name, {
    waitMs: 10 * 60_000,
    onWait: (pid) => (io.notice ?? io.info)(`another pyat (pid ${pid}) is changing project ${registry.name}; waiting for it`),
  });
  try {
    let containers = await projectContainers(engine, registry.name, names);
    const imageIds = new Map(await Promise.all([...new Set(names.map((n) => registry.services.get(n)!.image).filter((i): i is string => !!i))].map(async (i) => [i, await engine.imageId(i)] as const)));
    const stale = build === 'always' ? names : servicesToCreate(registry, names, containers, imageIds);
    if (stale.length > 0) {
      const compose = runtime.createCompose(await runtime.detectCompose(env), env);
      io.info(`using Compose ${compose.cli.kind} ${compose.cli.version} (${compose.cli.argv.join(' ')}) for project ${registry.name}`);
      const project = await writeComposeProject(registry, compose.cli.kind === 'v1' ? 'v1' : 'spec');
      const deps = { engine, compose, project, isPortFree: runtime.isPortFree };
      throwPreflight(await preflight(registry, names, deps, { build: build !== 'never' }), registry);
      if (signal.aborted) throw new InterruptedError('interrupted before anything was created');
      io.info(`creating ${stale.join(', ')} (compose up --no-start${build === 'always' ? ' --build' : build === 'never' ? ' --no-build' : ''})`);
      io.onChange?.();
      await compose.create(project, names, { build, signal });
      if (signal.aborted) throw new InterruptedError('interrupted while Compose created the containers');
      containers = await projectContainers(engine, registry.name, names);
    }

    io.onChange?.();
    const t0 = systemClock.now();
    const sink = io.events(() => systemClock.now() - t0);
    const deps = { engine, clock: systemClock, probeFor: probeFactory(vars), emit: sink.event, t0, timeoutOverride: opts.timeout };
    const result = await runTiers(registry, plan, containers, deps, signal);
    sink.close();

    if (result.status === 'failed' && opts.downOnFailure) {
      const ours = result.outcomes.filter((o) => o.startedByUs && o.containerId);
      await Promise.all(ours.map((o) => engine.stop(o.containerId!, 10).catch(() => undefined)));
      io.info(`--down-on-failure: stopped ${ours.map((o) => o.name).join(', ') || 'nothing (this run started nothing)'}`);
    }
    return result;
  } finally {
    await lock.release();
  }
}

/** The project's containers of the selected services, by service name. */
async function projectContainers(engine: Engine, project: string, names: readonly string[]): Promise<Map<string, ContainerInfo>> {
  return new Map((await engine.listProject(project)).filter((c) => names.includes(c.service)).map((c) => [c.service, c]));
}
