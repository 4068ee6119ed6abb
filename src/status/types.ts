// The value `pyat status` builds: what runs, how healthy it is, and where it has drifted from the
// registry. Renderers (src/report/status-*.ts) turn it into a table, JSON or Markdown; they decide nothing.

import type { ErrorCode } from '../errors.js';

/**
 * A service's container state. The engine's own states, plus `starting` (running, its probe not
 * ready yet, still inside its start-up budget) and `missing` (declared, no container).
 */
export type ServiceState = 'running' | 'starting' | 'restarting' | 'exited' | 'created' | 'paused' | 'dead' | 'removing' | 'missing';

/**
 * The probe's answer right now: `healthy` (ready), `unhealthy` (failed, or not ready past the
 * start-up budget), `starting` (not ready yet, within it), `down` (no running container: not probed).
 */
export type Health = 'healthy' | 'unhealthy' | 'starting' | 'down';

/** How reality differs from the registry. */
export type DriftKind = 'missing' | 'orphan' | 'port' | 'stale' | 'image';

/** One difference, with a sentence that says what differs. */
export interface Drift {
  kind: DriftKind;
  detail: string;
}

/** One declared service as it is now. */
export interface ServiceStatus {
  name: string;
  tier: number;
  /** The host port the registry declares (null when it publishes none). */
  port: number | null;
  state: ServiceState;
  /** The exit code of an exited container (null otherwise). */
  exitCode: number | null;
  health: Health;
  /** The probe's latency; null when no probe ran. */
  latencyMs: number | null;
  /** The probe's answer (redacted), or why there is none. */
  detail: string;
  /** Seconds since the container last started; null when it does not run. */
  uptimeSeconds: number | null;
  restarts: number;
  /** The engine's own healthcheck status, when the container has one. */
  engineHealth: 'starting' | 'healthy' | 'unhealthy' | null;
  /** The services it depends on, directly or not, that are down with no down dependency of their own. */
  downBecause: string[];
  drift: Drift[];
}

/** A container of the project whose service the registry no longer declares. */
export interface Orphan {
  /** The service named by its com.docker.compose.service label. */
  name: string;
  container: string;
  state: string;
  image: string;
}

/** The whole answer of `pyat status`. */
export interface StatusReport {
  project: string;
  healthy: number;
  total: number;
  services: ServiceStatus[];
  orphans: Orphan[];
}

/** The answer when the engine cannot be asked: the reason, in one line. */
export interface StatusUnavailable {
  project: string;
  error: { code: ErrorCode; message: string; hint?: string };
}
