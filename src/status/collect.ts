// Builds the status report: list the project's containers once, probe the running ones in
// parallel (one attempt each, bounded), then a pure step turns registry + containers + answers
// into the report. The engine and the probes come in as parameters.

import { serviceHash } from '../compose/service-hash.js';
import { dependencyClosure } from '../plan/closure.js';
import { tierOf } from '../plan/tiers.js';
import type { ProbeFor } from '../launch/probe-for.js';
import type { ProbeResult } from '../probes/types.js';
import { resolveValue } from '../registry/interpolate.js';
import type { Registry, ServiceDef } from '../registry/model.js';
import { ONEOFF_LABEL } from '../runtime/compose-labels.js';
import type { ContainerInfo, Engine } from '../runtime/types.js';
import { orphansOf, serviceDrift } from './drift.js';
import { rootCauses } from './summary.js';
import type { Health, ServiceState, ServiceStatus, StatusReport } from './types.js';
import { defined } from '../util/defined.js';
import { byCodePoint } from '../util/compare.js';

/** Makes the probe of a service (undefined when it has none). */
export type { ProbeFor };

/** What status reads reality through. `now` is wall-clock ms: uptimes come from the engine's ISO timestamps. */
export interface StatusDeps {
  engine: Pick<Engine, 'listProject'>;
  /** The probe maker, loaded while the engine answers the listing (a driver such as gRPC's takes long to load). */
  probes: () => Promise<ProbeFor>;
  now: () => number;
}

/** What to report on: named services (all active ones when none), the active Compose profiles, and the variables. */
export interface StatusQuery {
  names: readonly string[];
  profiles: readonly string[];
  vars: Readonly<Record<string, string>>;
}

/**
 * Lists, probes and builds the report (see selectServices); throws what the engine throws.
 * `startedUp` carries what earlier looks saw (a watch passes the same set every time): the runs
 * whose probe has answered ready, so their start-up is over. This look adds its own.
 */
export async function collectStatus(
  registry: Registry,
  query: StatusQuery,
  deps: StatusDeps,
  signal?: AbortSignal,
  startedUp: Set<string> = new Set(),
): Promise<StatusReport> {
  const [containers, probeFor] = await Promise.all([deps.engine.listProject(registry.name), deps.probes()]);
  const { selected, considered } = selectServices(registry, query.names, containers, query.profiles);
  const chosen = containerOfEach(considered, containers);
  const running = considered
    .filter((n) => chosen.get(n)?.state === 'running')
    .map((n) => defined(registry.services.get(n), `service ${n}`));
  const probes = await probeAll(running, probeFor, signal, chosen);
  const report = buildStatus({ registry, selected, considered, containers, probes, vars: query.vars, now: deps.now(), startedUp });
  for (const [name, result] of probes) {
    const c = chosen.get(name);
    if (c && result.status === 'ready') startedUp.add(runOf(c));
  }
  return report;
}

/** One run of a container: a restart keeps the id and starts a new run, with a new start-up. */
export const runOf = (c: Pick<ContainerInfo, 'id' | 'startedAt'>): string => `${c.id}@${c.startedAt}`;

/**
 * The services to report (`selected`) and those looked at to explain them (`considered`: their
 * dependency closure). Named services, else those the active profiles enable (as `up` starts them,
 * Compose spec "profiles") plus any other that has a container: what runs is always reported.
 */
export function selectServices(
  registry: Registry,
  names: readonly string[],
  containers: readonly ContainerInfo[],
  profiles: readonly string[] = [],
): { selected: string[]; considered: string[] } {
  const present = new Set(containers.map((c) => c.service));
  const active = new Set(dependencyClosure(registry, [], profiles));
  const selected =
    names.length > 0
      ? dependencyClosure(registry, names).filter((n) => names.includes(n))
      : [...registry.services.keys()].filter((n) => active.has(n) || present.has(n));
  // dependencyClosure of no names means every active service: an empty selection considers none.
  return { selected, considered: selected.length > 0 ? dependencyClosure(registry, selected) : [] };
}

/** One probe attempt per service, all at once; every probe is closed before this returns. */
export async function probeAll(
  services: readonly ServiceDef[],
  probeFor: ProbeFor,
  signal?: AbortSignal,
  containers: ReadonlyMap<string, ContainerInfo> = new Map(),
): Promise<Map<string, ProbeResult>> {
  const results = new Map<string, ProbeResult>();
  await Promise.all(
    services.map(async (svc) => {
      const probe = probeFor(svc, containers.get(svc.name));
      if (!probe) return;
      try {
        results.set(svc.name, await probe.check(signal ?? new AbortController().signal));
      } finally {
        await probe.close();
      }
    }),
  );
  return results;
}

/** Everything buildStatus needs; no I/O happens past this point. */
export interface StatusInput {
  registry: Registry;
  selected: readonly string[];
  considered: readonly string[];
  containers: readonly ContainerInfo[];
  probes: ReadonlyMap<string, ProbeResult>;
  vars: Readonly<Record<string, string>>;
  /** Wall-clock ms. */
  now: number;
  /** Runs (see runOf) whose probe has answered ready before: their start-up budget is over. */
  startedUp?: ReadonlySet<string>;
}

/** The report, from registry, containers and probe answers: a pure function. */
export function buildStatus(input: StatusInput): StatusReport {
  const { registry, containers } = input;
  const tiers = tierOf(registry, [...registry.services.keys()]);
  const chosen = containerOfEach(input.considered, containers);
  const all = input.considered.map((n) =>
    serviceStatus(defined(registry.services.get(n), `service ${n}`), tiers.get(n) ?? 0, chosen.get(n), input),
  );
  const causes = rootCauses((n) => registry.services.get(n)?.dependsOn ?? [], new Map(all.map((s) => [s.name, s.health !== 'healthy'])));
  const services = all.filter((s) => input.selected.includes(s.name)).map((s) => ({ ...s, downBecause: causes.get(s.name) ?? [] }));
  return {
    project: registry.name,
    healthy: services.filter((s) => s.health === 'healthy').length,
    total: services.length,
    services,
    orphans: orphansOf(new Set(registry.services.keys()), containers),
  };
}

// Compose names `compose run` containers one-off; they are not the service's own container.
const isOneOff = (c: ContainerInfo): boolean => c.labels[ONEOFF_LABEL] === 'True';

/** Each service's container: a running one first, else the one started last. */
function containerOfEach(names: readonly string[], containers: readonly ContainerInfo[]): Map<string, ContainerInfo> {
  const out = new Map<string, ContainerInfo>();
  for (const name of names) {
    const mine = containers.filter((c) => c.service === name && !isOneOff(c));
    const best = mine.sort(
      (a, b) => Number(b.state === 'running') - Number(a.state === 'running') || byCodePoint(b.startedAt, a.startedAt),
    )[0];
    if (best) out.set(name, best);
  }
  return out;
}

function serviceStatus(svc: ServiceDef, tier: number, c: ContainerInfo | undefined, input: StatusInput): ServiceStatus {
  const image = svc.image === undefined ? undefined : resolveValue(svc.image, input.vars).value;
  const drift = serviceDrift({ ports: svc.ports, image, hash: serviceHash(svc) }, c);
  const base = {
    name: svc.name,
    tier,
    port: svc.ports[0]?.host ?? null,
    ports: svc.ports.map((p) => p.host),
    limits: limitsText(svc),
    drift,
    downBecause: [] as string[],
  };
  if (!c)
    return {
      ...base,
      state: 'missing',
      exitCode: null,
      health: 'down',
      latencyMs: null,
      detail: 'no container',
      uptimeSeconds: null,
      restarts: 0,
      engineHealth: null,
    };
  const common = {
    exitCode: c.state === 'exited' || c.state === 'dead' ? c.exitCode : null,
    restarts: c.restartCount,
    engineHealth: c.health ?? null,
  };
  if (svc.job && (c.state === 'exited' || c.state === 'dead' || c.state === 'running')) return { ...base, ...common, ...jobState(c) };
  if (c.state !== 'running')
    return { ...base, ...common, state: c.state, health: 'down', latencyMs: null, detail: notRunning(c), uptimeSeconds: null };
  const uptimeMs = c.startedAt ? Math.max(0, input.now - Date.parse(c.startedAt)) : 0;
  const verdict = healthOf(svc, c, input.probes.get(svc.name), uptimeMs, input.startedUp?.has(runOf(c)) ?? false);
  // The probe asks at the registry's port: when the container publishes another, say where it looked.
  const probed = probedHostPort(svc);
  const portDrift = drift.some((d) => d.kind === 'port') && probed !== undefined ? ` (probed at the registry's port ${probed})` : '';
  const state: ServiceState = verdict.health === 'starting' ? 'starting' : 'running';
  return {
    ...base,
    ...common,
    state,
    health: verdict.health,
    latencyMs: verdict.latencyMs,
    detail: verdict.detail + portDrift,
    uptimeSeconds: Math.floor(uptimeMs / 1000),
  };
}

/**
 * A running container's health. A probe that is not ready yet means `starting` only while the
 * container is inside its start-up budget (`health.timeout`, where `pyat up` gives up too), and
 * neither the engine nor an earlier look has seen it healthy: as with the engine's own
 * `start_period`, the first success ends the start-up. After that, not ready is unhealthy.
 */
function healthOf(
  svc: ServiceDef,
  c: ContainerInfo,
  r: ProbeResult | undefined,
  uptimeMs: number,
  startedUp: boolean,
): { health: Health; latencyMs: number | null; detail: string } {
  if (!r) {
    if (c.health) return { health: c.health, latencyMs: null, detail: `no probe; the engine's healthcheck says ${c.health}` };
    return { health: 'healthy', latencyMs: null, detail: 'running (no probe)' };
  }
  if (r.status === 'ready') return { health: 'healthy', latencyMs: r.latencyMs, detail: r.detail };
  if (r.status === 'failed') return { health: 'unhealthy', latencyMs: r.latencyMs, detail: r.detail };
  const budget = svc.health.type === 'none' ? 0 : svc.health.timeout;
  const young = uptimeMs < budget && !startedUp && c.health !== 'healthy' && c.health !== 'unhealthy';
  return { health: young ? 'starting' : 'unhealthy', latencyMs: r.latencyMs, detail: r.detail };
}

/** A job is judged by its exit, not as a service that stopped: `completed` is healthy, `failed` is not, running is starting. */
function jobState(c: ContainerInfo): Pick<ServiceStatus, 'state' | 'health' | 'latencyMs' | 'detail' | 'uptimeSeconds'> {
  const at = c.finishedAt ? ` at ${c.finishedAt}` : '';
  const none = { latencyMs: null, uptimeSeconds: null };
  if (c.state === 'running')
    return { ...none, state: 'running', health: 'starting', detail: 'a job, still running: ready once it exits 0' };
  if (c.exitCode === 0) return { ...none, state: 'completed', health: 'healthy', detail: `completed (exited 0${at})` };
  return { ...none, state: 'failed', health: 'unhealthy', detail: `the job failed: exited with code ${c.exitCode}${at}` };
}

/** `512m, 0.5 cpus`, or null when the registry sets no limit. */
function limitsText(svc: ServiceDef): string | null {
  const r = svc.resources;
  const parts = [r?.memory, r?.cpus === undefined ? undefined : `${r.cpus} cpus`].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : null;
}

// The published host port a network probe goes through, if it goes through one.
function probedHostPort(svc: ServiceDef): number | undefined {
  const target = (svc.health as { port?: number }).port ?? svc.ports[0]?.container;
  return svc.ports.find((p) => p.container === target)?.host;
}

function notRunning(c: ContainerInfo): string {
  switch (c.state) {
    case 'exited':
      return `exited with code ${c.exitCode}${c.finishedAt ? ` at ${c.finishedAt}` : ''}`;
    case 'restarting':
      return `restarting (${c.restartCount} restarts, last exit code ${c.exitCode})`;
    case 'created':
      return 'created, never started';
    default:
      return c.state;
  }
}
