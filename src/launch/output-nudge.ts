// A starting service usually says on its output when it has become ready ("listening on 8000",
// "ready to accept connections"). While pyat waits for a service, the container's new output
// nudges the poll loop to probe at once instead of at the next interval: on the demo stack that is
// ~50 ms off every gate on average, so what depends on it starts sooner. The probe still decides;
// the output is never parsed, only noticed. A log driver that cannot be read (`none`, `syslog`)
// leaves the interval alone to do the job.

import { Writable } from 'node:stream';
import type { Engine } from '../runtime/types.js';
import type { Nudge } from '../util/nudge.js';

/** Pokes `nudge` at each piece of a container's output from now on, until `signal` aborts. */
export function nudgeOnOutput(engine: Pick<Engine, 'followLogs'>, containerId: string, nudge: Nudge, signal: AbortSignal): void {
  const out = new Writable({
    write(_chunk, _encoding, callback) {
      nudge.poke();
      callback();
    },
  });
  // Only lines from now on (tail 0): the caller starts following once an attempt found the service not ready.
  engine.followLogs(containerId, 0, out, signal).catch(() => undefined);
}
