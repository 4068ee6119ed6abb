// Ready when GET `path` answers the expected status (any 2xx by default). Another status is
// "not yet" rather than "failed": an app often serves 503 or 404 until it has finished starting.

import { hostPort } from './address.js';
import { AttemptRunner, socketErrorVerdict, type Verdict } from './attempt.js';
import http from 'node:http';
import { bodyExcerpt, MAX_BODY_BYTES } from './excerpt.js';
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
    return this.runner.run(signal, (s) => getOnce(this.target, this.opts.expect, s), socketErrorVerdict);
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}

// node:http rather than fetch(): fetch's lazily compiled parser keeps a short command such as
// `pyat status` alive for ~0.15 s after its last request, and an agent-less request leaves no
// pooled socket behind.
function getOnce(url: string, expect: number | undefined, signal: AbortSignal): Promise<Verdict> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { signal, agent: false, headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5', connection: 'close' } },
      (res) => {
        const status = res.statusCode ?? 0;
        const ok = expect === undefined ? status >= 200 && status < 300 : status === expect;
        if (ok) {
          res.destroy();
          resolve({ status: 'ready', detail: `HTTP ${status}` });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (): void => {
          res.destroy();
          const excerpt = bodyExcerpt(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'));
          resolve({ status: 'pending', detail: excerpt ? `HTTP ${status}: ${excerpt}` : `HTTP ${status}` });
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_BODY_BYTES) done();
        });
        res.on('end', done);
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}
