// The HTTP surface: /health (honest), / (identity), /echo (smoke checks). No framework.
import http from 'node:http';
import type { Config } from './config.js';
import type { HealthReport } from './health.js';
import type { Log } from './log.js';

/** What the server needs from the rest of the service. */
export interface ServerDeps {
  config: Config;
  health: () => Promise<HealthReport>;
  log: Log;
}

/** Creates (does not start) the HTTP server. */
export function createServer({ config, health, log }: ServerDeps): http.Server {
  let lastStatus: string | undefined;
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { error: 'method not allowed' });
      return;
    }
    switch (url.pathname) {
      case '/health':
        // HANG_HEALTH: accept the connection and never answer, to exercise probe timeouts.
        if (config.hangHealth) return;
        void health().then(
          (report) => {
            // Probes poll every 100 ms: log changes of state, not every request.
            const line = report.status === 'ok' ? 'ok' : report.failed.map((f) => `${f.upstream}: ${f.reason}`).join('; ');
            if (line !== lastStatus) log(`health ${report.status}${report.status === 'ok' ? '' : ` (${line})`}`);
            lastStatus = line;
            send(res, report.status === 'ok' ? 200 : 503, report);
          },
          (err: unknown) => send(res, 500, { error: String(err) }),
        );
        return;
      case '/': {
        send(res, 200, { service: config.name });
        return;
      }
      case '/echo':
        log(`echo ${JSON.stringify(url.searchParams.get('text') ?? '')}`);
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return void res.end(url.searchParams.get('text') ?? '');
      default: {
        send(res, 404, { error: `no route ${url.pathname}` });
        return;
      }
    }
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
