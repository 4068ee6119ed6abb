// The vocabulary of a smoke run: how each check ended, and the whole report that the text,
// JSON, JUnit and Markdown renderers are built from.

import type { LaunchResult } from '../launch/types.js';

/** How one smoke check ended. `failed`: the answer was wrong; `error`: no answer at all; `skipped`: not run. */
export type CheckStatus = 'passed' | 'failed' | 'error' | 'skipped';

/** One smoke check's result. */
export interface SmokeCheckResult {
  service: string;
  name: string;
  method: string;
  url: string;
  status: CheckStatus;
  durationMs: number;
  /** What was wrong (or why it did not run); absent when it passed. */
  message?: string;
  /** A short word for the kind of failure: `status`, `contains`, `timeout`, `connection`. */
  kind?: string;
  httpStatus?: number;
  /** The last lines of the service's log, when the check failed. */
  logs?: string[];
}

/** The whole smoke run, as every renderer sees it. */
export interface SmokeReport {
  project: string;
  status: 'passed' | 'failed' | 'interrupted';
  /** When the run began (ISO 8601) and on which host: JUnit's `timestamp` and `hostname`. */
  timestamp: string;
  hostname: string;
  launch: LaunchResult;
  checks: SmokeCheckResult[];
  timings: { startMs: number; checksMs: number; totalMs: number };
}

/** The verdict of a run: interrupted wins, then any failure of a service or a check. */
export function smokeStatus(launch: LaunchResult, checks: readonly SmokeCheckResult[]): SmokeReport['status'] {
  if (launch.status === 'interrupted') return 'interrupted';
  if (launch.status !== 'healthy') return 'failed';
  if (checks.some((c) => c.status === 'failed' || c.status === 'error')) return 'failed';
  // A check skipped on a healthy stack can only have been cut off by an interrupt.
  return checks.some((c) => c.status === 'skipped') ? 'interrupted' : 'passed';
}
