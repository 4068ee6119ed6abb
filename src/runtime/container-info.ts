// The engine's inspect and list answers, reduced to what pyat decides with (ContainerInfo and
// ListedContainer in types.ts).

import { SERVICE_LABEL } from './compose-labels.js';
import type { ContainerInfo, ContainerState, ListedContainer } from './types.js';

type Bindings = Record<string, { HostIp?: string; HostPort?: string }[] | null> | null | undefined;

/** `GET /containers/{id}/json`, the fields pyat reads (Engine API, ContainerInspectResponse). */
export interface InspectInfo {
  Id: string;
  Name: string;
  Image: string;
  RestartCount: number;
  State: { Status: string; ExitCode: number; StartedAt?: string; FinishedAt?: string; Health?: { Status?: string } };
  Config?: { Image?: string; Labels?: Record<string, string> | null };
  NetworkSettings?: { Ports?: unknown; Networks?: Record<string, { IPAddress?: string } | null> | null };
  HostConfig?: { PortBindings?: unknown };
}

/** A container as `GET /containers/json` lists it, the fields pyat reads (Engine API, ContainerSummary). */
export interface ListedJson {
  Id: string;
  Names: string[];
  ImageID?: string;
  State?: string;
  Labels: Record<string, string> | null;
  Ports: { IP?: string; PrivatePort?: number; PublicPort?: number }[];
  NetworkSettings?: { Networks?: Record<string, { IPAddress?: string } | null> | null } | null;
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
    state: stateOf(c.State.Status),
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
    addresses: addressesOf(c.NetworkSettings?.Networks),
  };
}

/** A ListedContainer from one entry of `GET /containers/json`. */
export function toListedContainer(c: ListedJson): ListedContainer {
  const labels = c.Labels ?? {};
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    service: labels[SERVICE_LABEL] ?? '',
    state: stateOf(c.State),
    imageId: c.ImageID ?? '',
    labels,
    ports: c.Ports.flatMap((p) =>
      p.PublicPort !== undefined && p.PublicPort > 0 && p.PrivatePort !== undefined
        ? [{ container: p.PrivatePort, hostIp: p.IP ?? '', hostPort: p.PublicPort }]
        : [],
    ),
    addresses: addressesOf(c.NetworkSettings?.Networks),
  };
}

function stateOf(status: string | undefined): ContainerState {
  return (status !== undefined && STATES.has(status) ? status : 'dead') as ContainerState;
}

function addressesOf(networks: Record<string, { IPAddress?: string } | null> | null | undefined): string[] {
  return Object.values(networks ?? {})
    .map((n) => n?.IPAddress ?? '')
    .filter((ip) => ip !== '');
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
