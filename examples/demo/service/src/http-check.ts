// HTTP upstream: `GET <base>/health` must answer 200. A keep-alive agent reuses connections.
import http from 'node:http';
import type { UpstreamCheck } from './check.js';

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** A check that asks another service's /health. */
export function httpCheck(base: string, timeoutMs: number): UpstreamCheck {
  return {
    upstream: base,
    run: () => getHealth(`${base}/health`, timeoutMs),
    close() {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

function getHealth(url: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 4096) body += chunk;
      });
      res.on('end', () => resolve(res.statusCode === 200 ? null : describe(res.statusCode, body)));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

// Pass on why the upstream is unhealthy, so that the root cause shows at the top of the graph.
function describe(status: number | undefined, body: string): string {
  try {
    const parsed = JSON.parse(body) as { failed?: { upstream: string; reason: string }[] };
    if (Array.isArray(parsed.failed) && parsed.failed.length > 0) {
      return `HTTP ${status}: ${parsed.failed.map((f) => `${f.upstream}: ${f.reason}`).join('; ')}`;
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`;
}
