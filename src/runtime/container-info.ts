// The engine's inspect answer, reduced to what pyat decides with (ContainerInfo in types.ts).

import { SERVICE_LABEL } from './compose-labels.js';
import type { ContainerInfo, ContainerState } from './types.js';

type Bindings = Record<string, { HostIp?: string; HostPort?: string }[] | null> | null | undefined;

/** `GET /containers/{id}/json`, the fields pyat reads (Engine API, ContainerInspectResponse). */
export interface InspectInfo {
  Id: string;
  Name: string;
  Image: string;
  RestartCount: number;
  State: { Status: string; ExitCode: number; StartedAt?: string; FinishedAt?: string; Health?: { Status?: string } };
  Config?: { Image?: string; Labels?: Record<string, string> | null };
  NetworkSettings?: { Ports?: unknown };
  HostConfig?: { PortBindings?: unknown };
}

const STATES: ReadonlySet<string> = new Set<ContainerState>(['created', 'running', 'restarting', 'paused', 'exited', 'dead', 'removing']);
const HEALTH: ReadonlySet<string> = new Set(['starting', 'healthy', 'unhealthy']);

/** A ContainerInfo from `GET /containers/{id}/json`. */
export function toContainerInfo(c: InspectInfo): ContainerInfo {
  const labels = c.Config?.Labels ?? {};
  const health = c.State.Health?.Status;
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    service: labels[SERVICE_LABEL] ?? '',
    state: (STATES.has(c.State.Status) ? c.State.Status : 'dead') as ContainerState,
    exitCode: c.State.ExitCode,
    restartCount: c.RestartCount,
    startedAt: timestamp(c.State.StartedAt),
    finishedAt: timestamp(c.State.FinishedAt),
    ...(health !== undefined && HEALTH.has(health) ? { health: health as ContainerInfo['health'] } : {}),
    image: c.Config?.Image ?? '',
    imageId: c.Image,
    labels,
    // The live bindings exist only while the container runs; before that, what it was created with
    // (an ephemeral "0" or empty host port is known only once it runs).
    ports: portsOf(c.NetworkSettings?.Ports as Bindings) ?? portsOf(c.HostConfig?.PortBindings as Bindings) ?? [],
  };
}

// The engine writes Go's zero time for "never".
function timestamp(t: string | undefined): string {
  return !t || t.startsWith('0001-01-01') ? '' : t;
}

function portsOf(map: Bindings): ContainerInfo['ports'] | undefined {
  const out: ContainerInfo['ports'] = [];
  for (const [key, bindings] of Object.entries(map ?? {})) {
    const container = Number.parseInt(key, 10);
    for (const b of bindings ?? []) {
      const hostPort = Number.parseInt(b.HostPort ?? '', 10);
      if (hostPort > 0) out.push({ container, hostIp: b.HostIp ?? '', hostPort });
    }
  }
  return out.length > 0 ? out : undefined;
}
