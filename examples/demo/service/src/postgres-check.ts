// Postgres upstream: `SELECT 1` through a small pool, so that healthy checks reuse one connection.
import pg from 'pg';
import { redactUrl, type UpstreamCheck } from './check.js';

/** A check that runs `SELECT 1` against DATABASE_URL. */
export function postgresCheck(url: string, timeoutMs: number): UpstreamCheck {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    idleTimeoutMillis: 30_000,
  });
  // A pooled connection that dies while idle (Postgres restarted) emits 'error' on the pool;
  // unhandled, that would crash the service instead of making the next check fail.
  pool.on('error', () => {});
  return {
    upstream: redactUrl(url),
    async run() {
      await pool.query('SELECT 1');
      return null;
    },
    close: () => pool.end(),
  };
}
