// What a launch needs from outside, passed in so that the launch logic stays testable and free
// of any particular engine client.

import type { ProbeFor } from './probe-for.js';
import type { Engine } from '../runtime/types.js';
import type { Clock } from '../util/clock.js';
import type { LaunchEvent } from './types.js';

/** The adapters and settings of one launch. */
export interface LaunchDeps {
  engine: Pick<Engine, 'start' | 'inspect' | 'logs' | 'lastExitCode'>;
  clock: Clock;
  /** The probe of a service (aimed at its container), or undefined when it has none (`health.type: none`). */
  probeFor: ProbeFor;
  emit: (event: LaunchEvent) => void;
  /** The clock reading at which the run began; event times are relative to it. */
  t0: number;
  /** `--timeout`: replaces every service's own start-up budget. */
  timeoutOverride?: number;
  /** How many log lines a failure report carries. */
  logLines?: number;
}
