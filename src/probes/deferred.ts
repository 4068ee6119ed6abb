// A probe whose address is known only once its container runs: a service that publishes nothing
// is probed at its container's address on its network, which the engine assigns at start.

import type { Probe, ProbeResult } from './types.js';

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
        const host = await locate(signal);
        if (host === undefined) return { status: 'pending', detail: 'the container has no address yet', latencyMs: 0 };
        inner = make(host);
      }
      return inner.check(signal);
    },
    async close(): Promise<void> {
      await inner?.close();
    },
  };
}
