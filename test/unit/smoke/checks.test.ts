import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchResult } from '../../../src/launch/types.js';
import type { SmokeCheck } from '../../../src/registry/model.js';
import { runCheck } from '../../../src/smoke/check.js';
import { judgeAnswer } from '../../../src/smoke/judge.js';
import { runSmokeChecks } from '../../../src/smoke/run-checks.js';
import { smokeStatus } from '../../../src/smoke/types.js';
import { closedPort, httpServer, type TestServer } from '../probes/servers.js';
import { svc } from '../../support/registry.js';

const check = (over: Partial<SmokeCheck> = {}): SmokeCheck => ({ name: 'c', method: 'GET', path: '/echo?text=pyat', expect: 200, ...over });
const never = new AbortController().signal;

describe('judging an answer', () => {
  it('passes the expected status with the text in the body', () => {
    expect(judgeAnswer({ expect: 200, contains: 'pyat' }, 200, 'hello pyat')).toEqual({ ok: true });
  });

  it('fails another status first, with an excerpt of the body', () => {
    expect(judgeAnswer({ expect: 200, contains: 'pyat' }, 503, '{"reason":"db down"}')).toEqual({
      ok: false,
      kind: 'status',
      message: 'expected HTTP 200, got 503: {"reason":"db down"}',
    });
  });

  it('fails a body without the text, naming the text', () => {
    expect(judgeAnswer({ expect: 200, contains: 'pyat' }, 200, '')).toEqual({
      ok: false,
      kind: 'contains',
      message: 'HTTP 200, but the body does not contain "pyat" (empty body)',
    });
  });

  it('accepts any body when no text is asked for, and a non-2xx status when that is what is expected', () => {
    expect(judgeAnswer({ expect: 404 }, 404, 'nope')).toEqual({ ok: true });
  });
});

describe('running a check against a real HTTP server', () => {
  let server: TestServer;
  const seen: string[] = [];
  beforeAll(async () => {
    server = await httpServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/echo') return void res.end(url.searchParams.get('text') ?? '');
      if (url.pathname === '/moved') return void res.writeHead(302, { location: '/echo' }).end();
      if (url.pathname === '/slow') return void setTimeout(() => res.end('late'), 2000);
      res.writeHead(404).end('no route');
    });
  });
  afterAll(() => server.close());
  const target = () => ({ host: '127.0.0.1', port: server.port });

  it('passes when status and text match, sending the declared method and path', async () => {
    const r = await runCheck('gw', check({ contains: 'pyat' }), target(), { timeoutMs: 1000, signal: never });
    expect(r).toMatchObject({
      service: 'gw',
      name: 'c',
      status: 'passed',
      httpStatus: 200,
      url: `http://127.0.0.1:${server.port}/echo?text=pyat`,
    });
    expect(seen).toContain('GET /echo?text=pyat');
  });

  it('fails when the text is missing', async () => {
    const r = await runCheck('gw', check({ contains: 'absent' }), target(), { timeoutMs: 1000, signal: never });
    expect(r).toMatchObject({ status: 'failed', kind: 'contains', message: 'HTTP 200, but the body does not contain "absent": pyat' });
  });

  it('fails on another status, and does not follow a redirect', async () => {
    expect(await runCheck('gw', check({ path: '/nope' }), target(), { timeoutMs: 1000, signal: never })).toMatchObject({
      status: 'failed',
      kind: 'status',
      httpStatus: 404,
    });
    expect(await runCheck('gw', check({ path: '/moved', expect: 302 }), target(), { timeoutMs: 1000, signal: never })).toMatchObject({
      status: 'passed',
      httpStatus: 302,
    });
  });

  it('is an error when nobody answers in time, or at all', async () => {
    const slow = await runCheck('gw', check({ path: '/slow' }), target(), { timeoutMs: 200, signal: never });
    expect(slow).toMatchObject({ status: 'error', kind: 'timeout', message: 'no answer within 0.2s' });
    expect(slow.durationMs).toBeLessThan(1500);
    const refused = await runCheck('gw', check(), { host: '127.0.0.1', port: await closedPort() }, { timeoutMs: 1000, signal: never });
    expect(refused).toMatchObject({ status: 'error', kind: 'connection', message: 'connection refused' });
  });

  it('is skipped, not failed, when interrupted', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    expect(await runCheck('gw', check({ path: '/slow' }), target(), { timeoutMs: 5000, signal: ctl.signal })).toMatchObject({
      status: 'skipped',
      message: 'interrupted',
    });
  });

  it("runs a healthy service's checks, skips those of a service that is not, and attaches logs to failures", async () => {
    const gw = svc('gw', {
      port: { host: server.port, container: 80, bind: '127.0.0.1' },
      smoke: [check({ name: 'ok', contains: 'pyat' }), check({ name: 'bad', contains: 'nope' })],
    });
    const api = svc('api', { port: { host: 1, container: 80, bind: '127.0.0.1' }, smoke: [check({ name: 'never' })] });
    const launch: LaunchResult = {
      status: 'failed',
      elapsedMs: 1,
      outcomes: [
        { name: 'gw', tier: 0, status: 'already-healthy', startedByUs: false },
        { name: 'api', tier: 1, status: 'blocked', startedByUs: false },
      ],
    };
    const results = await runSmokeChecks([gw, api, svc('plain')], launch, { timeoutMs: 1000, logsOf: async (s) => [`${s} log`] }, never);
    expect(results.map((r) => `${r.service}/${r.name}: ${r.status}`)).toEqual(['gw/ok: passed', 'gw/bad: failed', 'api/never: skipped']);
    expect(results[1]!.logs).toEqual(['gw log']);
    expect(results[0]!.logs).toBeUndefined();
    expect(results[2]!.message).toBe('not run: api is blocked');
  });
});

describe('the verdict of a smoke run', () => {
  const healthy: LaunchResult = { status: 'healthy', elapsedMs: 1, outcomes: [] };
  const base = { service: 's', name: 'n', method: 'GET', url: 'u', durationMs: 1 };
  it('passes only when the stack is healthy and no check failed', () => {
    expect(smokeStatus(healthy, [{ ...base, status: 'passed' }])).toBe('passed');
    expect(smokeStatus(healthy, [{ ...base, status: 'error' }])).toBe('failed');
    expect(smokeStatus({ ...healthy, status: 'failed' }, [])).toBe('failed');
    expect(smokeStatus({ ...healthy, status: 'interrupted' }, [])).toBe('interrupted');
    expect(smokeStatus(healthy, [{ ...base, status: 'skipped' }])).toBe('interrupted');
  });
});
