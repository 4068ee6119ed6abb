import { describe, expect, it } from 'vitest';
import { createProbe } from '../../../src/probes/index.js';
import type { Probe } from '../../../src/probes/types.js';
import { blackHole, closeAfterEach, closedPort, httpServer, type TestServer } from './servers.js';

const timing = { interval: 100, timeout: 5000 };
let server: TestServer | undefined;
let probe: Probe | undefined;

closeAfterEach(
  () => [probe, server],
  () => (probe = server = undefined),
);

function probeAt(port: number, spec: { path?: string; expect?: number } = {}, attemptTimeoutMs = 1000): Probe {
  probe = createProbe(
    { type: 'http', path: spec.path ?? '/health', expect: spec.expect, ...timing },
    { host: '127.0.0.1', port },
    { attemptTimeoutMs },
  );
  return probe;
}

const check = (p: Probe) => p.check(new AbortController().signal);

describe('http probe', () => {
  it('is ready on a 200 from the health path', async () => {
    let seenPath = '';
    server = await httpServer((req, res) => {
      seenPath = req.url ?? '';
      res.end('ok');
    });
    const p = probeAt(server.port);
    expect(p.target).toBe(`http://127.0.0.1:${server.port}/health`);
    const r = await check(p);
    expect(r).toMatchObject({ status: 'ready', detail: 'HTTP 200' });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(seenPath).toBe('/health');
  });

  it('is pending on a JSON 503 and shows the reason it gives', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'starting', reason: 'migrations pending', checks: { db: 'x'.repeat(500) } }));
    });
    const r = await check(probeAt(server.port));
    expect(r).toMatchObject({ status: 'pending', detail: 'HTTP 503: migrations pending' });
  });

  it('shows a short excerpt of a plain-text error body', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(502);
      res.end(`Bad Gateway\n\n${'upstream down '.repeat(40)}`);
    });
    const r = await check(probeAt(server.port));
    expect(r.status).toBe('pending');
    expect(r.detail).toMatch(/^HTTP 502: Bad Gateway upstream down/);
    expect(r.detail.length).toBeLessThanOrEqual('HTTP 502: '.length + 200);
    expect(r.detail).not.toContain('\n');
  });

  it('honours `expect`: 204 is ready when expected, 200 is not', async () => {
    let status = 204;
    server = await httpServer((_req, res) => {
      res.writeHead(status);
      res.end();
    });
    const p = probeAt(server.port, { expect: 204 });
    expect(await check(p)).toMatchObject({ status: 'ready', detail: 'HTTP 204' });
    status = 200;
    expect(await check(p)).toMatchObject({ status: 'pending', detail: 'HTTP 200' });
  });

  it('is pending with "connection refused" when nothing listens', async () => {
    const r = await check(probeAt(await closedPort()));
    expect(r).toMatchObject({ status: 'pending', detail: 'connection refused' });
  });

  it('is pending with a timeout detail when the server accepts and never answers', async () => {
    server = await blackHole();
    const t0 = performance.now();
    const r = await check(probeAt(server.port, {}, 200));
    expect(r).toMatchObject({ status: 'pending', detail: 'no answer within 200ms' });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('is pending when the server sends headers and then stalls the body', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.write('warming up');
    });
    const r = await check(probeAt(server.port, {}, 200));
    expect(r).toMatchObject({ status: 'pending', detail: 'no answer within 200ms' });
  });

  it('never shows a password found in a response body', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(500);
      res.end('cannot reach postgres://app:hunter2@db:5432/app');
    });
    const r = await check(probeAt(server.port));
    expect(r.detail).toBe('HTTP 500: cannot reach postgres://app:***@db:5432/app');
  });
});
