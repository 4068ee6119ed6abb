// The vocabulary of a launch: what happens to each service, and how the whole run ended.

/** A step in a service's start, as reported live (`--json` prints one per line). */
export type LaunchPhase =
  | 'waiting' // queued behind what it waits for (the gate)
  | 'stopping' // `pyat restart`: being stopped before it starts again
  | 'starting' // the container is being started
  | 'probing' // started; the probe is polling
  | 'healthy' // the probe answered ready
  | 'already-healthy' // running and ready before this run: left alone
  | 'failed'
  | 'blocked' // not started: something it depends on failed
  | 'interrupted';

/** One event of a launch. `t` is milliseconds since the run began. */
export interface LaunchEvent {
  t: number;
  service: string;
  tier: number;
  phase: LaunchPhase;
  detail?: string;
}

/** Why a service failed, with everything a developer needs to fix it. */
export interface Failure {
  service: string;
  reason: 'exited' | 'restarting' | 'timeout' | 'probe-failed' | 'start-failed' | 'no-container';
  message: string;
  probe?: { kind: string; target: string };
  /** The last distinct probe errors, oldest first. */
  errors: string[];
  exitCode?: number;
  /** The last lines of the container's log. */
  logs: string[];
  /** Services that were not started because they depend on this one. */
  blocked: string[];
}

/** How one service ended up. Times are ms since the run began. */
export interface ServiceOutcome {
  name: string;
  tier: number;
  status: 'healthy' | 'already-healthy' | 'failed' | 'blocked' | 'interrupted';
  /** When this run asked the engine to start it. */
  requestedAt?: number;
  /** When the engine's start returned. */
  startedAt?: number;
  readyAt?: number;
  /** Whether this run started the container (for --down-on-failure). */
  startedByUs: boolean;
  containerId?: string | undefined;
  failure?: Failure;
  /** For `blocked`: the failed service it waited for. */
  blockedBy?: string;
}

/** The whole run. */
export interface LaunchResult {
  status: 'healthy' | 'failed' | 'interrupted';
  outcomes: ServiceOutcome[];
  elapsedMs: number;
  /** The chain of waits that decided the total, first waited-for first (critical-path.ts). */
  criticalPath?: string[];
}
