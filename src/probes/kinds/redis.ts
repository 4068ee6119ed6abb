// `health: { type: redis }`: ready when PING answers PONG on a fresh connection (AUTH first when
// a password is given), one connection per attempt: the poll loop does the retrying. The wire
// protocol is redis-wire.ts.

import type * as z from 'zod/mini';
import { describeSocketError, errorMessage } from '../../util/net-errors.js';
import { hostPort } from '../address.js';
import type { Verdict } from '../attempt.js';
import type { RedisHealthSchema } from '../health-schemas.js';
import type { ProbeKind } from '../kind.js';
import { redisCommands, replyValue } from '../redis-wire.js';

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
};

// Redis's answers to a wrong or missing password (6: WRONGPASS/NOAUTH; older: "invalid password").
const AUTH_FAILURE = /WRONGPASS|NOAUTH|invalid password|invalid username-password/i;

// Sent with a password when Redis has none: Redis says so, and PING decides (as redis-cli does).
const NO_PASSWORD_SET = /without any password configured|no password is set/i;

async function pingOnce(o: RedisConnect, signal: AbortSignal): Promise<Verdict> {
  const auth = o.password ? [['AUTH', ...(o.user ? [o.user] : []), o.password]] : [];
  const replies = await redisCommands(o.host, o.port, [...auth, ['PING']], signal);
  if (auth.length > 0) {
    try {
      replyValue(replies[0] ?? '');
    } catch (err) {
      if (!NO_PASSWORD_SET.test(errorMessage(err))) throw err;
    }
  }
  const reply = replyValue(replies.at(-1) ?? '');
  return reply === 'PONG' ? { status: 'ready', detail: 'PONG' } : { status: 'pending', detail: `PING answered ${JSON.stringify(reply)}` };
}

function classifyRedisError(err: unknown): Verdict {
  const message = errorMessage(err);
  if (AUTH_FAILURE.test(message)) return { status: 'failed', detail: message };
  return { status: 'pending', detail: describeSocketError(err) ?? message };
}
