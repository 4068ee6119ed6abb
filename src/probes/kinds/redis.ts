// `health: { type: redis }`: ready when PING answers PONG on a fresh connection (AUTH first when
// a password is given). One client per attempt, with every ioredis retry and queue switched off:
// the poll loop does the retrying.

import { once } from 'node:events';
import type { Redis } from 'ioredis';
import * as z from 'zod/mini';
import { optional, probePort, timing } from '../../registry/schema-parts.js';
import { describeSocketError, errorMessage } from '../../util/net-errors.js';
import { hostPort } from '../address.js';
import type { Verdict } from '../attempt.js';
import type { ProbeKind } from '../kind.js';

/** `health: { type: redis }` as written. */
export const RedisHealthSchema = z
  .strictObject({
    type: z.literal('redis'),
    password: optional(z.string(), 'default: the service env REDIS_PASSWORD; may be a ${VAR} reference'),
    port: probePort,
    ...timing,
  })
  .check(z.describe('ready when Redis answers PING'));

/** Where one attempt connects, and how it authenticates (`user`: an ACL user, Redis 6+). */
interface RedisConnect {
  host: string;
  port: number;
  user?: string | undefined;
  password?: string | undefined;
  attemptTimeoutMs: number;
}

/** The Redis kind. */
export const redisKind: ProbeKind<'redis', z.infer<typeof RedisHealthSchema>> = {
  type: 'redis',
  defaultPort: 6379,
  resolve: (h, { env }) => {
    const password = h.password ?? env.REDIS_PASSWORD;
    return { type: 'redis', ...(password !== undefined ? { password } : {}) };
  },
  driver: (spec, target, attemptTimeoutMs) => {
    const c = target.credentials ?? {};
    const o: RedisConnect = { host: target.host, port: target.port, user: c.user, password: c.password ?? spec.password, attemptTimeoutMs };
    const user = o.user ? `${encodeURIComponent(o.user)}@` : '';
    return {
      target: `redis://${user}${hostPort(o.host, o.port)}`,
      secrets: [o.password],
      attempt: (s) => pingOnce(o, s),
      classify: classifyRedisError,
    };
  },
  // redis-cli reads REDISCLI_AUTH (set beside the password by the model), so no password is on a command line.
  composeTest: (spec) => ['CMD-SHELL', `redis-cli -h 127.0.0.1 -p ${spec.port ?? 6379} ping | grep -q PONG`],
  preload: () => void loadRedisClient().catch(() => undefined),
};

// Redis's answers to a wrong or missing password (6: WRONGPASS/NOAUTH; older: "invalid password").
const AUTH_FAILURE = /WRONGPASS|NOAUTH|invalid password|invalid username-password/i;

/** The client, loaded on first use: a command that probes no Redis never pays for it. */
const loadRedisClient = () => import('ioredis');

async function pingOnce(o: RedisConnect, signal: AbortSignal): Promise<Verdict> {
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
  const onAbort = (): void => {
    redis.disconnect();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await redis.connect();
    // Typed as 'PONG', but a proxy or an odd server may answer anything.
    const reply: string = await redis.ping();
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
