import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbe, type ProbeSpec } from '../../src/probes/index.js';
import type { ProbeResult, ProbeTarget } from '../../src/probes/types.js';
import { systemClock } from '../../src/util/clock.js';
import { pollUntil } from '../../src/util/poll.js';

// The postgres and redis probes against real servers: the error texts and SQLSTATEs they classify
// are the servers' own, so only a real server proves the classification. Images are local builds.
const PG_IMAGE = 'pyat-local/postgres:15';
const REDIS_IMAGE = 'pyat-local/redis:7';
const LABEL = 'pyat.test=probes';

const engine = await engineProblem();
const skip = engine !== undefined && !process.env.CI;
if (skip) console.log(`[skip] test/docker/probes.test.ts: ${engine} (set CI to make this a failure)`);

const started: string[] = [];
const secret = (): string => randomBytes(9).toString('base64url');
const pgPassword = secret();
const redisPassword = secret();
const seen: ProbeResult[] = [];
let pgPort = 0;
let redisPort = 0;

describe.skipIf(skip)('probes against real containers', () => {
  beforeAll(async () => {
    if (engine) throw new Error(`CI is set and ${engine}`);
    redisPort = await run(6379, [REDIS_IMAGE, 'redis-server', '--requirepass', redisPassword, '--save', '', '--appendonly', 'no']);
  });

  afterAll(async () => {
    // Always, even after a failure: the containers are ours, removed by id.
    if (started.length) await execa('docker', ['rm', '-f', '-v', ...started], { reject: false });
    // Whatever happened, no detail of any attempt may have carried a password.
    for (const r of seen) for (const pw of [pgPassword, redisPassword]) expect(r.detail).not.toContain(pw);
  });

  it('postgres: pending while the server initialises, then ready', { timeout: 120_000 }, async () => {
    pgPort = await run(5432, ['-e', 'POSTGRES_USER=app', '-e', `POSTGRES_PASSWORD=${pgPassword}`, '-e', 'POSTGRES_DB=app', PG_IMAGE]);
    const probe = pgProbe({ password: pgPassword });
    try {
      const first = await check(probe);
      expect(first.status, first.detail).toBe('pending');
      const r = await pollUntil((s) => probe.check(s), {
        interval: 250,
        timeout: 90_000,
        clock: systemClock,
        onAttempt: (a) => seen.push(a),
      });
      expect(r.status, `attempts: ${r.attempts}, errors: ${r.errors.join(' | ')}`).toBe('ready');
      expect(r.last?.detail).toBe('SELECT 1 answered');
    } finally {
      await probe.close();
    }
  });

  it('postgres: a wrong password fails at once, naming the user and not the password', async () => {
    const wrong = secret();
    const probe = pgProbe({ password: wrong });
    const r = await pollUntil((s) => probe.check(s), {
      interval: 250,
      timeout: 60_000,
      clock: systemClock,
      onAttempt: (a) => seen.push(a),
    });
    await probe.close();
    expect(r).toMatchObject({ status: 'failed', attempts: 1 });
    expect(r.elapsedMs).toBeLessThan(5000);
    expect(r.last?.detail).toBe('password authentication failed for user "app"');
    expect(r.last?.detail).not.toContain(wrong);
  });

  it('postgres: a database that does not exist fails at once', async () => {
    const probe = pgProbe({ password: pgPassword, database: 'nope' });
    const r = await check(probe);
    await probe.close();
    expect(r).toMatchObject({ status: 'failed', detail: 'database "nope" does not exist' });
  });

  it('postgres: no password when the server wants one fails at once', async () => {
    const probe = pgProbe({});
    const r = await check(probe);
    await probe.close();
    expect(r).toMatchObject({ status: 'failed', detail: 'the server asks for a password but none is configured' });
  });

  it('redis: PING answers PONG with the right password', { timeout: 60_000 }, async () => {
    const probe = redisProbe(redisPassword);
    const r = await pollUntil((s) => probe.check(s), {
      interval: 100,
      timeout: 30_000,
      clock: systemClock,
      onAttempt: (a) => seen.push(a),
    });
    await probe.close();
    expect(r.status, r.errors.join(' | ')).toBe('ready');
    expect(r.last?.detail).toBe('PONG');
  });

  it('redis: a wrong password fails at once without echoing it', async () => {
    const wrong = secret();
    const probe = redisProbe(wrong);
    const r = await check(probe);
    await probe.close();
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/^WRONGPASS/);
    expect(r.detail).not.toContain(wrong);
  });

  it('redis: no AUTH when the server requires a password fails with NOAUTH', async () => {
    const probe = redisProbe(undefined);
    const r = await check(probe);
    await probe.close();
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/^NOAUTH/);
  });
});

function pgProbe(c: { password?: string; database?: string }) {
  const spec: ProbeSpec = { type: 'postgres', user: 'app', database: 'app', interval: 250, timeout: 90_000 };
  return createProbe(spec, target(pgPort, { user: 'app', ...c }));
}

function redisProbe(password: string | undefined) {
  return createProbe({ type: 'redis', interval: 100, timeout: 30_000 }, target(redisPort, { password }));
}

function target(port: number, credentials: ProbeTarget['credentials']): ProbeTarget {
  return { host: '127.0.0.1', port, credentials };
}

async function check(probe: ReturnType<typeof createProbe>): Promise<ProbeResult> {
  const r = await probe.check(new AbortController().signal);
  seen.push(r);
  return r;
}

/** Starts a labelled container publishing `containerPort` on a free 127.0.0.1 port; returns that port. */
async function run(containerPort: number, args: string[]): Promise<number> {
  for (let tries = 0; ; tries++) {
    const port = await freePort();
    const name = `pyat-test-probes-${randomBytes(4).toString('hex')}`;
    const r = await execa(
      'docker',
      ['run', '-d', '--rm', '--name', name, '--label', LABEL, '-p', `127.0.0.1:${port}:${containerPort}`, ...args],
      { reject: false },
    );
    if (r.exitCode === 0) {
      started.push(r.stdout.trim());
      return port;
    }
    await execa('docker', ['rm', '-f', '-v', name], { reject: false });
    // Another test may have taken the port between our check and Docker's bind: try another.
    if (tries >= 4 || !/port is already allocated|address already in use/i.test(r.stderr))
      throw new Error(`docker run failed: ${r.stderr}`);
  }
}

/** A port in 47000–47999 that nothing on 127.0.0.1 holds right now. */
async function freePort(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const port = 47000 + Math.floor(Math.random() * 1000);
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer().once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 47000–47999');
}

/** Why these tests cannot run here, or undefined when the engine and both images are available. */
async function engineProblem(): Promise<string | undefined> {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 15_000 });
  if (info.exitCode !== 0)
    return `the Docker engine is not reachable (${(info.stderr || info.message || 'docker info failed').split('\n')[0]})`;
  for (const image of [PG_IMAGE, REDIS_IMAGE]) {
    const r = await execa('docker', ['image', 'inspect', image], { reject: false, timeout: 15_000 });
    if (r.exitCode !== 0) return `the image ${image} is missing (build it locally; nothing is pulled)`;
  }
  return undefined;
}
