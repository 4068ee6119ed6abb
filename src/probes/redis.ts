// Ready when PING answers PONG on a fresh connection (AUTH first when a password is given). One
// client per attempt, with every ioredis retry and queue switched off: the poll loop does the retrying.

import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { hostPort } from './address.js';
import { AttemptRunner, type Verdict } from './attempt.js';
import { describeSocketError, errorMessage } from '../util/net-errors.js';
import type { Probe, ProbeResult } from './types.js';

/** Where a Redis probe connects, and how it authenticates. */
export interface RedisProbeOptions {
  host: string;
  port: number;
  /** An ACL user (Redis 6+); the `default` user when absent. */
  user?: string;
  password?: string;
  attemptTimeoutMs: number;
}

/** A probe that sends PING to Redis. */
export class RedisProbe implements Probe {
  readonly kind = 'redis';
  readonly target: string;
  private readonly runner: AttemptRunner;

  constructor(private readonly opts: RedisProbeOptions) {
    const user = opts.user ? `${encodeURIComponent(opts.user)}@` : '';
    this.target = `redis://${user}${hostPort(opts.host, opts.port)}`;
    this.runner = new AttemptRunner(opts.attemptTimeoutMs, [opts.password]);
  }

  check(signal: AbortSignal): Promise<ProbeResult> {
    return this.runner.run(signal, (s) => pingOnce(this.opts, s), classifyRedisError);
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}

// Redis's answers to a wrong or missing password (6: WRONGPASS/NOAUTH; older: "invalid password").
const AUTH_FAILURE = /WRONGPASS|NOAUTH|invalid password|invalid username-password/i;

/** The client, loaded on first use: a command that probes no Redis never pays for it. */
export const loadRedisClient = () => import('ioredis');

async function pingOnce(o: RedisProbeOptions, signal: AbortSignal): Promise<Verdict> {
  const { Redis } = await loadRedisClient();
  const redis = new Redis({
    host: o.host,
    port: o.port,
    username: o.user,
    password: o.password,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    connectTimeout: o.attemptTimeoutMs,
    // PING is the readiness check: it answers NOAUTH or LOADING itself, so INFO's ready check adds nothing.
    enableReadyCheck: false,
    disconnectTimeout: 250,
  });
  // ioredis reports the cause (ECONNREFUSED, WRONGPASS) as an event and rejects with "Connection is closed".
  let cause: unknown;
  redis.on('error', (err: unknown) => void (cause ??= err));
  const onAbort = (): void => redis.disconnect();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await redis.connect();
    const reply = await redis.ping();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed 'PONG'; the real answer is checked
    return reply === 'PONG' ? { status: 'ready', detail: 'PONG' } : { status: 'pending', detail: `PING answered ${JSON.stringify(reply)}` };
  } catch (err) {
    throw cause ?? err;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await shutdown(redis);
  }
}

// Waits for 'end' so that close() leaves no socket behind; ioredis destroys a socket the server
// does not close within `disconnectTimeout`, and the bound below covers anything else.
async function shutdown(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  const ended = once(redis, 'end').catch(() => undefined);
  redis.disconnect();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))]);
  clearTimeout(timer);
}

function classifyRedisError(err: unknown): Verdict {
  const message = errorMessage(err).replace(/^Ready check failed: /, '');
  if (AUTH_FAILURE.test(message)) return { status: 'failed', detail: message };
  return { status: 'pending', detail: describeSocketError(err) ?? (message === 'Connection is closed.' ? 'connection closed' : message) };
}
