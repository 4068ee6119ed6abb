// The body of `pyat up`, shared with `pyat smoke`: under the project lock, let Compose create
// what the registry declares (only when something is missing or out of date, after preflight),
// then start the services tier by tier. Output goes through `io`, so each command shows it its way.

import { InterruptedError } from '../errors.js';
import type { Plan } from '../plan/tiers.js';
import type { Registry } from '../registry/model.js';
import * as runtime from '../runtime/index.js';
import type { BuildPolicy, ContainerInfo, Engine } from '../runtime/types.js';
import { systemClock } from '../util/clock.js';
import { serviceHash } from '../compose/service-hash.js';
import { composeProjectFor } from './compose-project.js';
import { CreationFeed, settledFeed, type ContainerFeed } from './container-feed.js';
import { servicesToCreate } from './converged.js';
import { imageIdsOf, preflight, throwPreflight } from './preflight.js';
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
  // The tiers stop on Ctrl-C, and when Compose fails while they already run.
  const tiers = new AbortController();
  const onAbort = (): void => tiers.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  try {
    const before = await projectContainers(engine, registry.name, names);
    // A selected service without a container means Compose is needed: find it while the images are asked.
    const composeCli = names.some((n) => !before.has(n)) ? runtime.detectCompose(env) : undefined;
    composeCli?.catch(() => undefined); // awaited below, where its error is thrown
    const imageIds = await imageIdsOf(registry, names, engine, vars);
    const stale = build === 'always' ? names : servicesToCreate(registry, names, before, imageIds);
    let feed: ContainerFeed = settledFeed(before);
    let creation: Promise<unknown> | undefined;
    if (stale.length > 0) {
      const compose = runtime.createCompose(await (composeCli ?? runtime.detectCompose(env)), env);
      io.info(`using Compose ${compose.cli.kind} ${compose.cli.version} (${compose.cli.argv.join(' ')}) for project ${registry.name}`);
      const project = await composeProjectFor(registry, compose, engine);
      const deps = { engine, compose, project, isPortFree: runtime.isPortFree };
      throwPreflight(await preflight(registry, names, deps, { build: build !== 'never', vars, imageIds }), registry);
      if (signal.aborted) throw new InterruptedError('interrupted before anything was created');
      io.info(
        `creating ${stale.join(', ')} (compose up --no-start${build === 'always' ? ' --build' : build === 'never' ? ' --no-build' : ''})`,
      );
      io.onChange?.();
      // Compose failing (or Ctrl-C) stops the tiers; its error is thrown once they have stopped.
      const created = await createWhileStarting(engine, compose, project, registry, names, before, { build, signal }, (err) =>
        tiers.abort(err),
      );
      feed = created.feed;
      creation = created.done.then(
        () => undefined,
        (err: unknown) => err,
      );
    }

    io.onChange?.();
    const t0 = systemClock.now();
    const sink = io.events(() => systemClock.now() - t0);
    const deps = {
      engine,
      clock: systemClock,
      probeFor: probeFactory(vars, { engine: () => engine }),
      emit: sink.event,
      t0,
      timeoutOverride: opts.timeout,
    };
    const result = await runTiers(registry, plan, feed, deps, tiers.signal);
    sink.close();
    const failed = await creation;
    // Ctrl-C while Compose created: the result says what state each service is in (exit 130).
    if (failed !== undefined && !signal.aborted) {
      await stopOurs(engine, result, io, { down: opts.downOnFailure ?? false, keptBecause: 'Compose failed' });
      throw failed;
    }
    if (result.status === 'failed') await stopOurs(engine, result, io, { down: opts.downOnFailure ?? false });
    return result;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await lock.release();
  }
}

/**
 * Runs `compose up --no-start` and, meanwhile, hands out each container Compose creates from the
 * current definition as soon as the engine announces it (see container-feed.ts). `done` settles
 * when Compose has finished: with the listed project, or rejected with Compose's error.
 */
async function createWhileStarting(
  engine: Engine,
  compose: runtime.Compose,
  project: runtime.ComposeProject,
  registry: Registry,
  names: readonly string[],
  before: ReadonlyMap<string, ContainerInfo>,
  opts: { build: BuildPolicy; signal: AbortSignal },
  onFailure: (err: unknown) => void,
): Promise<{ feed: ContainerFeed; done: Promise<void> }> {
  const hashes = new Map(names.map((n) => [n, serviceHash(registry.services.get(n)!)]));
  const feed = new CreationFeed(hashes, new Set([...before.values()].map((c) => c.id)), (id) => engine.inspect(id));
  const watch = new AbortController();
  // Without the event stream nothing is lost but time: every service then waits for Compose.
  await engine.watchCreated(registry.name, (id, labels) => feed.created(id, labels), watch.signal).catch(() => undefined);
  const done = (async () => {
    let final = new Map<string, ContainerInfo>();
    try {
      await compose.create(project, [...names], opts);
      final = await projectContainers(engine, registry.name, names);
    } catch (err) {
      onFailure(err); // before the services still waiting get "no container"
      throw err;
    } finally {
      feed.settle(final);
      watch.abort();
    }
  })();
  return { feed, done };
}

/** With `--down-on-failure` (`down`), stops what this run started; else, given `keptBecause`, says what stays running. */
async function stopOurs(engine: Engine, result: LaunchResult, io: BringUpIO, opts: { down: boolean; keptBecause?: string }): Promise<void> {
  const ours = result.outcomes.filter((o) => o.startedByUs && o.containerId);
  if (opts.down) {
    await Promise.all(ours.map((o) => engine.stop(o.containerId!, 10).catch(() => undefined)));
    io.info(`--down-on-failure: stopped ${ours.map((o) => o.name).join(', ') || 'nothing (this run started nothing)'}`);
  } else if (opts.keptBecause && ours.length > 0) {
    io.info(`${opts.keptBecause} after pyat had started ${ours.map((o) => o.name).join(', ')}: left running (\`pyat down\` stops them)`);
  }
}

/** The project's containers of the selected services, by service name. */
async function projectContainers(engine: Engine, project: string, names: readonly string[]): Promise<Map<string, ContainerInfo>> {
  return new Map((await engine.listProject(project)).filter((c) => names.includes(c.service)).map((c) => [c.service, c]));
}
