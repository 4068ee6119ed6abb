// The probe contract, after testcontainers-node `wait-strategies/wait-strategy.ts`: a probe answers
// one attempt; only src/util/poll.ts loops.

/**
 * One attempt's answer. `pending`: not ready yet, keep polling (refused, reset, 503, a slow attempt,
 * "the database system is starting up"). `failed`: waiting will not help (bad password, no such
 * database). `detail` is one short line for a human and never holds a secret.
 */
export type ProbeResult = { status: 'ready' | 'pending' | 'failed'; detail: string; latencyMs: number };

/** A health check of one service, reached from the host. */
export interface Probe {
  readonly kind: string;
  /** Where the probe looks, for messages: `postgres://app@127.0.0.1:5433/app`, never with a password. */
  readonly target: string;
  /** One attempt, bounded by the probe's attempt timeout; never throws and never hangs. */
  check(signal: AbortSignal): Promise<ProbeResult>;
  /** Stops any attempt in flight and releases every handle. */
  close(): Promise<void>;
}

/** What an exec probe runs a command through: the engine's exec API on the service's container. */
export type ExecIn = (argv: string[], signal: AbortSignal) => Promise<{ exitCode: number; output: string }>;

/** Where a probe connects, with credentials already resolved by the caller. */
export interface ProbeTarget {
  /** The address to connect to; for an exec probe, the container's name (for messages). */
  host: string;
  port: number;
  credentials?: { user?: string; password?: string; database?: string };
  /** How to run a command in the container (exec probes). */
  exec?: ExecIn;
  /** Values an attempt's detail must never show, beyond the kind's own credentials. */
  secrets?: readonly string[];
}
