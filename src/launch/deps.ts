// What a launch needs from outside, passed in so that the launch logic stays testable and free
// of any particular engine client.

import type { ProbeFor } from './probe-for.js';
import type { ServiceDef } from '../registry/model.js';
import type { ContainerInfo, Engine } from '../runtime/types.js';
import type { Clock } from '../util/clock.js';
import type { Readiness } from './readiness.js';
import type { StartTurns } from './start-turns.js';
import type { LaunchEvent } from './types.js';

/** The adapters and settings of one launch. */
export interface LaunchDeps {
  engine: Pick<Engine, 'start' | 'stop' | 'inspect' | 'logs' | 'followLogs' | 'lastExitCode'>;
  clock: Clock;
  /** The probe of a service (aimed at its container), or undefined when it has none (`health.type: none`). */
  probeFor: ProbeFor;
  emit: (event: LaunchEvent) => void;
  /** The clock reading at which the run began; event times are relative to it. */
  t0: number;
  /** `--timeout`: replaces every service's own start-up budget. */
  timeoutOverride?: number;
  /** Whose start goes first when several are due (default: all at once; start-turns.ts). */
  turns?: StartTurns;
  /** When a started service counts as ready (default: its container stays up and its probe answers; readiness.ts). */
  readiness?: (service: ServiceDef, container: ContainerInfo, deps: LaunchDeps, watchedSince: number) => Readiness;
}
