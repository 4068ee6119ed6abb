// The body of `pyat up`, shared with `pyat smoke` and `pyat restart`, in docker/compose's three
// steps: observe what the engine holds (observe.ts), decide a pure launch plan (launch-plan.ts),
// execute it with one scheduler (execute.ts). Around them: the project lock, Compose creating
// what the plan says (only when something is missing or out of date, after preflight), and the
// stop of what a restart restarts. Output goes through `io`, so each command shows it its way.

import { InterruptedError } from '../errors.js';
import type { Gate } from '../plan/gate.js';
import type { Plan } from '../plan/tiers.js';
import type { Registry } from '../registry/model.js';
import * as runtime from '../runtime/index.js';
import type { BuildPolicy, ContainerInfo, Engine } from '../runtime/types.js';
import { systemClock } from '../util/clock.js';
import { serviceHash } from '../compose/service-hash.js';
import { CreationFeed, settledFeed, type ContainerFeed } from './container-feed.js';
import { bootHistoryFor, learnedTimes, withRun, type BootSamples } from './boot-history.js';
import { execute } from './execute.js';
import { decideLaunch, startsContainer, type LaunchPlan } from './launch-plan.js';
import { observe, projectContainers } from './observe.js';
import { preflight, throwPreflight } from './preflight.js';
import { probeFactory } from './probe-for.js';
import { startTurns } from './start-turns.js';
import { startUrgency } from './start-urgency.js';
import { preloadDrivers } from '../probes/index.js';
import { defined } from '../util/defined.js';
import type { LaunchEvent, LaunchResult } from './types.js';
import { sharedAbortController } from '../util/shared-abort.js';

/** What the caller decides: the build policy, `--timeout`, `--down-on-failure`. */
export interface BringUpOptions {
  build: BuildPolicy;
  /** What a service waits for before it starts (plan/gate.ts). */
  gate: Gate;
  timeout?: number;
  downOnFailure?: boolean;
  /** `pyat restart`: these services are stopped (dependents first) and started again through the gate. */
  restart?: readonly string[];
}

/** Where a bring-up reports: progress lines, the live events, and the moment it first changes the project. */
export interface BringUpIO {
  info(line: string): void;
  /** A line that must be seen even where `info` is quiet (`--json`): waiting for another pyat. Falls back to `info`. */
  notice?(line: string): void;
  /** Opens the live event output when the launch begins; `elapsed` is ms since then. */
  events(elapsed: () => number): { event: (e: LaunchEvent) => void; close(): void };
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
  const { registry, plan, vars, engine } = target;
  const names = plan.tiers.flat();
  // A probe driver that is a library (gRPC) loads while the lock and the engine are asked, not after.
  preloadDrivers(names.map((n) => defined(registry.services.get(n), `service ${n}`).health.type));
  const lock = await runtime.acquireProjectLock(registry.name, {
    waitMs: 10 * 60_000,
    signal,
    onWait: (pid) => {
      (io.notice ?? io.info)(`another pyat (pid ${pid}) is changing project ${registry.name}; waiting for it`);
    },
  });
  // The launch stops on Ctrl-C, and when Compose fails while it already runs.
  const launchAbort = sharedAbortController();
  const onAbort = (): void => {
    launchAbort.abort(signal.reason);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  try {
    // Probes that reach an unpublished port or run in the container ask the engine.
    const probeFor = probeFactory(vars, { engine: () => engine });
    const observed = await observe(registry, names, { engine, vars, probeFor }, signal);
    const launch = decideLaunch(registry, plan, observed, { gate: opts.gate, build: opts.build, restart: opts.restart });
    // Read while Compose is found and preflight runs: what each service took in this project's last runs.
    const history = launch.services.some(startsContainer) ? bootHistoryFor(target.env, registry) : undefined;
    const samples = history?.load();
    const compose =
      launch.create.length > 0 ? await composeFor(target, launch, { build: opts.build, imageIds: observed.imageIds }, io) : undefined;
    throwIfInterrupted(signal);
    const past = (await samples) ?? new Map<string, BootSamples>();
    const learned = learnedTimes(past);
    const turns = startTurns(startUrgency(launch.services, learned), learned, systemClock);

    io.onChange?.();
    const t0 = systemClock.now();
    const sink = io.events(() => systemClock.now() - t0);
    const before = observed.containers;
    let feed: ContainerFeed = settledFeed(before);
    let creation: Promise<Error | undefined> | undefined;
    if (compose) {
      const { build } = opts;
      io.info(
        `creating ${launch.create.join(', ')} (compose up --no-start${build === 'always' ? ' --build' : build === 'never' ? ' --no-build' : ''})`,
      );
      // A restart creates only what is missing; `up` hands Compose the whole selection, which it converges.
      const toCreate = opts.restart ? launch.create : names;
      // Compose failing (or Ctrl-C) stops the launch; its error is thrown once it has stopped.
      const created = await createWhileStarting(engine, compose, registry, toCreate, names, before, { build, signal }, (err) => {
        launchAbort.abort(err);
      });
      feed = created.feed;
      creation = created.done.then(
        () => undefined,
        (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
      );
    }

    const emit = (e: LaunchEvent): void => {
      sink.event(e);
    };
    const deps = { engine, clock: systemClock, probeFor, emit, t0, timeoutOverride: opts.timeout, turns };
    const result = await execute(registry, launch, feed, deps, launchAbort.signal);
    sink.close();
    if (history && result.outcomes.some((o) => o.requestedAt !== undefined)) await history.save(withRun(past, result.outcomes));
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

/** Ctrl-C before anything changed: nothing to report but that (exit 130). */
function throwIfInterrupted(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError('interrupted before anything was changed');
}

/** Compose and the project it is handed, after preflight has passed (throws exit 2/3 before anything changes). */
async function composeFor(
  target: BringUpTarget,
  launch: LaunchPlan,
  { build, imageIds }: { build: BuildPolicy; imageIds: ReadonlyMap<string, string | undefined> },
  io: BringUpIO,
): Promise<{ compose: runtime.Compose; project: runtime.ComposeProject }> {
  const { registry, engine, env, vars } = target;
  const names = launch.services.map((s) => s.name);
  const compose = runtime.createCompose(await runtime.detectCompose(env), env);
  io.info(`using Compose ${compose.cli.kind} ${compose.cli.version} (${compose.cli.argv.join(' ')}) for project ${registry.name}`);
  // Loaded here: rendering the file needs the `yaml` package, which an `up` of a healthy stack never loads.
  const { composeProjectFor } = await import('./compose-project.js');
  const project = await composeProjectFor(registry, compose, engine);
  const deps = { engine, compose, project, isPortFree: runtime.isPortFree };
  throwPreflight(await preflight(registry, names, deps, { build: build !== 'never', vars, imageIds }), registry);
  return { compose, project };
}

/**
 * Runs `compose up --no-start` and, meanwhile, hands out each container Compose creates from the
 * current definition as soon as the engine announces it (see container-feed.ts). `done` settles
 * when Compose has finished: with the listed project, or rejected with Compose's error.
 */
async function createWhileStarting(
  engine: Engine,
  { compose, project }: { compose: runtime.Compose; project: runtime.ComposeProject },
  registry: Registry,
  toCreate: readonly string[],
  names: readonly string[],
  before: ReadonlyMap<string, ContainerInfo>,
  opts: { build: BuildPolicy; signal: AbortSignal },
  onFailure: (err: unknown) => void,
): Promise<{ feed: ContainerFeed; done: Promise<void> }> {
  const hashes = new Map([...registry.services.values()].filter((s) => names.includes(s.name)).map((s) => [s.name, serviceHash(s)]));
  const feed = new CreationFeed(hashes, new Set([...before.values()].map((c) => c.id)), (id) => engine.inspect(id));
  const watch = new AbortController();
  // Without the event stream nothing is lost but time: every service then waits for Compose.
  const onCreated = (id: string, labels: Readonly<Record<string, string>>): void => {
    feed.created(id, labels);
  };
  await engine.watchCreated(registry.name, onCreated, watch.signal).catch(() => undefined);
  const done = (async () => {
    let final = new Map<string, ContainerInfo>();
    try {
      await compose.create(project, [...toCreate], opts);
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
  const ours = result.outcomes.flatMap((o) => (o.startedByUs && o.containerId ? [{ name: o.name, id: o.containerId }] : []));
  if (opts.down) {
    await Promise.all(ours.map((o) => engine.stop(o.id, 10).catch(() => undefined)));
    io.info(`--down-on-failure: stopped ${ours.map((o) => o.name).join(', ') || 'nothing (this run started nothing)'}`);
  } else if (opts.keptBecause && ours.length > 0) {
    io.info(`${opts.keptBecause} after pyat had started ${ours.map((o) => o.name).join(', ')}: left running (\`pyat down\` stops them)`);
  }
}
