// A probe whose address is known only once its container runs: a service that publishes nothing
// is probed at its container's address on its network, which the engine assigns at start.

import { errorMessage } from '../util/net-errors.js';
import type { Probe, ProbeResult } from './types.js';

// What a host says when it cannot route to a container's address at all: the engine runs in a VM
// (Docker Desktop) or elsewhere. A refusal, by contrast, means the address is reached.
const UNROUTABLE = /^(connection timed out|host unreachable|network unreachable|no answer within)/;
const VM_HINT = " (at the container's address; where the engine runs in a VM, as Docker Desktop's does, publish the port instead)";

/** Finds the address to probe; undefined while there is none yet. */
export type Locate = (signal: AbortSignal) => Promise<string | undefined>;

/** A probe that asks `locate` for its host before each attempt until it has one, then is `make(host)`. */
export function deferredProbe(kind: string, placeholder: string, locate: Locate, make: (host: string) => Probe): Probe {
  let inner: Probe | undefined;
  const named = make(placeholder);
  void named.close();
  return {
    kind,
    get target() {
      return inner?.target ?? named.target;
    },
    async check(signal: AbortSignal): Promise<ProbeResult> {
      if (!inner) {
        // The probe contract: an attempt never throws. An engine that cannot say is "not yet".
        const host = await locate(signal).catch((err: unknown) => new Error(errorMessage(err)));
        if (host instanceof Error) return { status: 'pending', detail: host.message, latencyMs: 0 };
        if (host === undefined) return { status: 'pending', detail: 'the container has no address yet', latencyMs: 0 };
        inner = make(host);
      }
      const r = await inner.check(signal);
      return r.status === 'pending' && UNROUTABLE.test(r.detail) ? { ...r, detail: r.detail + VM_HINT } : r;
    },
    async close(): Promise<void> {
      await inner?.close();
    },
  };
}
