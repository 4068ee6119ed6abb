// Ready when GET `path` answers the expected status (any 2xx by default). Another status is
// "not yet" rather than "failed": an app often serves 503 or 404 until it has finished starting.

import { hostPort } from './address.js';
import { AttemptRunner, type Verdict } from './attempt.js';
import { bodyExcerpt } from './excerpt.js';
import { describeSocketError, errorMessage } from './net-errors.js';
import type { Probe, ProbeResult } from './types.js';

/** Where an HTTP probe asks, and what it expects. */
export interface HttpProbeOptions {
  host: string;
  port: number;
  path: string;
  /** The status that means ready; any 2xx when absent. */
  expect?: number;
  attemptTimeoutMs: number;
}

/** A probe that GETs a health endpoint. */
export class HttpProbe implements Probe {
  readonly kind = 'http';
  readonly target: string;
  private readonly runner: AttemptRunner;

  constructor(private readonly opts: HttpProbeOptions) {
    const path = opts.path.startsWith('/') ? opts.path : `/${opts.path}`;
    this.target = `http://${hostPort(opts.host, opts.port)}${path}`;
    this.runner = new AttemptRunner(opts.attemptTimeoutMs, []);
  }

  check(signal: AbortSignal): Promise<ProbeResult> {
    return this.runner.run(signal, (s) => getOnce(this.target, this.opts.expect, s), classifyFetchError);
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}

async function getOnce(url: string, expect: number | undefined, signal: AbortSignal): Promise<Verdict> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5' } });
  const ok = expect === undefined ? res.status >= 200 && res.status < 300 : res.status === expect;
  if (ok) {
    // Drained so that the connection goes back to fetch's pool instead of lingering half-read.
    await res.body?.cancel().catch(() => undefined);
    return { status: 'ready', detail: `HTTP ${res.status}` };
  }
  const excerpt = await bodyExcerpt(res);
  return { status: 'pending', detail: excerpt ? `HTTP ${res.status}: ${excerpt}` : `HTTP ${res.status}` };
}

// fetch() wraps the socket error as `TypeError: fetch failed` with the real one in `cause`.
function classifyFetchError(err: unknown): Verdict {
  const cause = (err as { cause?: unknown } | null)?.cause;
  const code = (cause as { code?: unknown } | null)?.code;
  const detail =
    describeSocketError(cause) ??
    (code === 'UND_ERR_SOCKET' ? 'connection closed' : undefined) ??
    (cause === undefined ? errorMessage(err) : errorMessage(cause));
  return { status: 'pending', detail };
}
