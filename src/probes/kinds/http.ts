// `health: { type: http }`: ready when GET `path` answers the expected status (any 2xx by
// default). Another status is "not yet" rather than "failed": an app often serves 503 or 404 until
// it has finished starting.

import http from 'node:http';
import type * as z from 'zod/mini';
import { DEFAULTS } from '../../registry/defaults.js';
import { hostPort } from '../address.js';
import { socketErrorVerdict, type Verdict } from '../attempt.js';
import { bodyExcerpt, MAX_BODY_BYTES } from '../excerpt.js';
import type { HttpHealthSchema } from '../health-schemas.js';
import type { ProbeKind } from '../kind.js';

/** The HTTP kind. */
export const httpKind: ProbeKind<'http', z.infer<typeof HttpHealthSchema>> = {
  type: 'http',
  defaultPort: undefined,
  resolve: (h) => ({ type: 'http', path: h.path ?? DEFAULTS.httpPath, ...(h.expect !== undefined ? { expect: h.expect } : {}) }),
  driver: (spec, target) => {
    const path = spec.path.startsWith('/') ? spec.path : `/${spec.path}`;
    const url = `http://${hostPort(target.host, target.port)}${path}`;
    return { target: url, secrets: [], attempt: (s) => getOnce(url, spec.expect, s), classify: socketErrorVerdict };
  },
  composeTest: (spec) => {
    // Quoted: a path may hold `&` or `?`, which the shell must not read (the schema forbids quotes in it).
    // Shell form only to chain fallbacks (wget, curl, node): images differ in which HTTP client they ship.
    const url = `http://127.0.0.1:${spec.port}${spec.path}`;
    const node = `node -e "fetch('${url}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"`;
    return ['CMD-SHELL', `wget -q -O /dev/null '${url}' || curl -fsS -o /dev/null '${url}' || ${node}`];
  },
};

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
