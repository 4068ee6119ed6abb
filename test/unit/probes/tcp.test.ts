import { describe, expect, it } from 'vitest';
import { createProbe } from '../../../src/probes/index.js';
import type { Probe } from '../../../src/probes/types.js';
import { closeAfterEach, closedPort, tcpServer, type TestServer } from './servers.js';

let server: TestServer | undefined;
let probe: Probe | undefined;

closeAfterEach(
  () => [probe, server],
  () => (probe = server = undefined),
);

function probeAt(port: number): Probe {
  probe = createProbe({ type: 'tcp', interval: 100, timeout: 5000 }, { host: '127.0.0.1', port }, { attemptTimeoutMs: 500 });
  return probe;
}

describe('tcp probe', () => {
  it('is ready when the port accepts a connection, and hangs up at once', async () => {
    let closedByProbe = false;
    server = await tcpServer((s) => s.on('close', () => (closedByProbe = true)));
    const p = probeAt(server.port);
    expect(p.target).toBe(`tcp://127.0.0.1:${server.port}`);
    expect(await p.check(new AbortController().signal)).toMatchObject({ status: 'ready', detail: 'connected' });
    await expect.poll(() => closedByProbe).toBe(true);
  });

  it("is pending when the port accepts and closes at once (Docker's port proxy with nothing listening behind it)", async () => {
    server = await tcpServer((s) => s.end());
    expect(await probeAt(server.port).check(new AbortController().signal)).toMatchObject({
      status: 'pending',
      detail: expect.stringMatching(/closed at once/),
    });
  });

  it('is ready at once when the service speaks first', async () => {
    server = await tcpServer((s) => s.write('SSH-2.0-test\r\n'));
    expect(await probeAt(server.port).check(new AbortController().signal)).toMatchObject({ status: 'ready' });
  });

  it('is pending with "connection refused" when nothing listens', async () => {
    const r = await probeAt(await closedPort()).check(new AbortController().signal);
    expect(r).toMatchObject({ status: 'pending', detail: 'connection refused' });
  });

  it('answers at once when the caller has already aborted', async () => {
    server = await tcpServer();
    const r = await probeAt(server.port).check(AbortSignal.abort());
    expect(r).toMatchObject({ status: 'pending', detail: 'stopped' });
  });

  it('fails at once when checked after close(), instead of pending forever', async () => {
    server = await tcpServer();
    const p = probeAt(server.port);
    await p.close();
    expect(await p.check(new AbortController().signal)).toMatchObject({ status: 'failed', detail: 'probe closed' });
  });

  it('brackets an IPv6 host in its target', () => {
    const p = createProbe({ type: 'tcp', interval: 100, timeout: 5000 }, { host: '::1', port: 5432 });
    expect(p.target).toBe('tcp://[::1]:5432');
  });
});
