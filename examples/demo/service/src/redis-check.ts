// Redis upstream: `PING` on one reused connection. Reconnection is driven by the checks
// themselves (at most one attempt per check), never by a background retry loop.
import { Redis } from 'ioredis';
import { errorText, redactUrl, type UpstreamCheck } from './check.js';

/** A check that sends `PING` to REDIS_URL. */
export function redisCheck(url: string, timeoutMs: number): UpstreamCheck {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  let lastError: string | undefined;
  // Without a listener ioredis prints "Unhandled error event" for each failed connection.
  redis.on('error', (err: unknown) => {
    lastError = errorText(err);
  });
  let connecting: Promise<void> | undefined;

  // Concurrent /health requests share one connection attempt: a second connect() would be refused.
  async function ensureConnected(): Promise<void> {
    if (redis.status !== 'wait' && redis.status !== 'end') return;
    connecting ??= redis.connect().finally(() => {
      connecting = undefined;
    });
    await connecting;
  }

  return {
    upstream: redactUrl(url),
    async run() {
      lastError = undefined;
      try {
        await ensureConnected();
        const answer = await redis.ping();
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- ioredis types the reply as 'PONG'; the answer is checked, not trusted
        return answer === 'PONG' ? null : `unexpected PING answer ${String(answer)}`;
      } catch (err) {
        // "Connection is closed" says little; the socket error seen just before says why.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the 'error' listener sets it during the await
        return lastError ?? errorText(err);
      }
    },
    close() {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
