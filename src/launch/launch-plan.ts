// Deciding a launch, apart from doing it (docker/compose's reconcile.go: a pure function from the
// desired and the observed state to a plan). From the registry's plan, the gate and what the
// engine holds now, it says for every service what happens to it and what it waits for: no
// engine, no Compose, no clock here, so every decision is unit-tested as text.

import { waitLists, type Gate } from '../plan/gate.js';
import type { Plan } from '../plan/tiers.js';
import type { Registry } from '../registry/model.js';
import type { BuildPolicy, ContainerInfo } from '../runtime/types.js';
import { servicesToCreate } from './converged.js';

/**
 * What a launch does to one service:
 * - `leave`: running and ready already, like everything it depends on: left alone;
 * - `await`: running but not (known to be) ready: not started, its readiness is awaited;
 * - `start`: its container exists and is current: started;
 * - `create`: Compose creates (or recreates) its container first, then it is started;
 * - `restart`: running, stopped before anything starts (dependents first), then started again.
 */
export type LaunchAction = 'leave' | 'await' | 'start' | 'create' | 'restart';

/** Whether the action has pyat start a container (`start`, `create`, `restart`), not only look at one. */
export function startsContainer(step: Pick<PlannedLaunch, 'action'>): boolean {
  return step.action !== 'leave' && step.action !== 'await';
}

/** One service of a launch plan. */
export interface PlannedLaunch {
  name: string;
  tier: number;
  action: LaunchAction;
  /** What it waits for before its action (the gate's edges); empty for `leave`. */
  waitsFor: string[];
}

/** A whole launch: what to stop first, what Compose must create, and every service's action. */
export interface LaunchPlan {
  gate: Gate;
  /** Services stopped before anything starts, in waves: each wave after the one before it (dependents first). */
  stop: string[][];
  /** Services Compose must create or recreate (`compose up --no-start`). */
  create: string[];
  /** Every planned service, tier by tier. */
  services: PlannedLaunch[];
}

/** What the engine holds now: the project's containers, the images' IDs, and which running services answered ready. */
export interface Observed {
  containers: ReadonlyMap<string, ContainerInfo>;
  imageIds: ReadonlyMap<string, string | undefined>;
  readyNow: ReadonlySet<string>;
}

/** How to launch: the gate, the build policy, and the services a restart stops and starts again. */
export interface LaunchOptions {
  gate: Gate;
  build: BuildPolicy;
  /** `pyat restart`: these are stopped and started again; only missing containers are created. */
  restart?: readonly string[];
}

const ACTIVE = new Set(['running', 'restarting', 'paused']);

/** Decides the launch of `plan` against what is observed. Pure. */
export function decideLaunch(registry: Registry, plan: Plan, observed: Observed, opts: LaunchOptions): LaunchPlan {
  const names = plan.tiers.flat();
  const tierOf = new Map(plan.tiers.flatMap((ns, tier) => ns.map((n) => [n, tier] as const)));
  const restart = new Set(opts.restart ?? []);
  const { containers } = observed;
  // A restart does what Compose's `restart` does to a container it finds: it keeps it; `up` recreates what is out of date.
  const create = new Set(
    opts.restart
      ? names.filter((n) => !containers.has(n))
      : opts.build === 'always'
        ? names
        : servicesToCreate(registry, names, containers, observed.imageIds),
  );
  const waits = waitLists(registry, plan, opts.gate);
  const actions = new Map<string, LaunchAction>();
  const services: PlannedLaunch[] = [];
  plan.tiers.forEach((tierNames, tier) => {
    for (const name of tierNames) {
      const action = actionOf(name, containers.get(name), { create, restart, readyNow: observed.readyNow });
      // Left alone only when everything below it is too: else it is looked at again once they are ready.
      const alone =
        action === 'leave' && (registry.services.get(name)?.dependsOn ?? []).every((d) => !tierOf.has(d) || actions.get(d) === 'leave');
      const final = action === 'leave' && !alone ? 'await' : action;
      actions.set(name, final);
      services.push({ name, tier, action: final, waitsFor: final === 'leave' ? [] : (waits.get(name) ?? []) });
    }
  });
  return { gate: opts.gate, stop: stopWaves(services), create: names.filter((n) => create.has(n)), services };
}

/** What happens to one service, before its dependencies are looked at. */
function actionOf(
  name: string,
  c: ContainerInfo | undefined,
  d: { create: ReadonlySet<string>; restart: ReadonlySet<string>; readyNow: ReadonlySet<string> },
): LaunchAction {
  const running = c !== undefined && ACTIVE.has(c.state);
  if (d.create.has(name)) return 'create';
  if (d.restart.has(name)) return running ? 'restart' : 'start';
  // Ready without running: a one-shot job that completed from its current definition is not run again.
  if (d.readyNow.has(name)) return 'leave';
  if (!running) return 'start';
  return 'await';
}

/** The services to restart, highest tier first: a dependent stops before what it depends on. */
function stopWaves(services: readonly PlannedLaunch[]): string[][] {
  const waves = new Map<number, string[]>();
  for (const s of services) if (s.action === 'restart') waves.set(s.tier, [...(waves.get(s.tier) ?? []), s.name]);
  return [...waves.entries()].sort((a, b) => b[0] - a[0]).map(([, ns]) => ns);
}

const WORDS: Record<LaunchAction, string> = {
  leave: 'left alone (already healthy)',
  await: 'running: awaited',
  start: 'start',
  create: 'create, start',
  restart: 'stop, start',
};

/** The plan's canonical text form, one line per step: what tests compare. */
export function formatLaunchPlan(plan: LaunchPlan): string {
  const width = Math.max(...plan.services.map((s) => s.name.length));
  return [
    `gate: ${plan.gate}`,
    `stop: ${plan.stop.length > 0 ? plan.stop.map((w) => w.join(', ')).join(' → ') : 'nothing'}`,
    `create: ${plan.create.length > 0 ? plan.create.join(', ') : 'nothing'}`,
    ...plan.services.map(
      (s) => `${s.name.padEnd(width)}  tier ${s.tier}  ${WORDS[s.action]}${s.waitsFor.length > 0 ? ` after ${s.waitsFor.join(', ')}` : ''}`,
    ),
  ].join('\n');
}
