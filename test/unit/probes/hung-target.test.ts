import { afterEach, describe, expect, it } from 'vitest';
import { createProbe, type ProbeSpec } from '../../../src/probes/index.js';
import { blackHole, openSockets, type TestServer } from './servers.js';

// Every kind of probe, pointed at a port that accepts and never answers (a hung service, or
// Docker's proxy in front of one): each attempt must end at the attempt timeout and leave nothing open.
const timing = { interval: 100, timeout: 5000 };
const specs: ProbeSpec[] = [
  { type: 'postgres', user: 'app', password: 'hunter2', database: 'app', ...timing },
  { type: 'redis', password: 'hunter2', ...timing },
  { type: 'http', path: '/health', ...timing },
];

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a probe whose target accepts and never answers', () => {
  for (const spec of specs) {
    it(`${spec.type}: is pending with "no answer within 200ms", then closes every socket`, async () => {
      server = await blackHole();
      const before = openSockets();
      const probe = createProbe(spec, { host: '127.0.0.1', port: server.port }, { attemptTimeoutMs: 200 });
      const t0 = performance.now();
      const r = await probe.check(new AbortController().signal);
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(r).toMatchObject({ status: 'pending', detail: 'no answer within 200ms' });
      await probe.close();
      await server.close();
      server = undefined;
      await expect.poll(openSockets, { timeout: 2000 }).toBeLessThanOrEqual(before);
    });
  }

  it('stops an attempt in flight when the caller aborts', async () => {
    server = await blackHole();
    const probe = createProbe(specs[0]!, { host: '127.0.0.1', port: server.port }, { attemptTimeoutMs: 10_000 });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 20);
    const t0 = performance.now();
    const r = await probe.check(ctl.signal);
    expect(r.status).toBe('pending');
    expect(performance.now() - t0).toBeLessThan(1000);
    await probe.close();
  });

  it('close() ends an attempt in flight', async () => {
    server = await blackHole();
    const probe = createProbe(specs[1]!, { host: '127.0.0.1', port: server.port }, { attemptTimeoutMs: 10_000 });
    const pending = probe.check(new AbortController().signal);
    await new Promise((r) => setTimeout(r, 20));
    const t0 = performance.now();
    await probe.close();
    expect(await pending).toMatchObject({ status: 'pending', detail: 'stopped' });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
