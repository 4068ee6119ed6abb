// `health: { type: postgres }`: ready when `SELECT 1` answers on a fresh connection. A fresh
// connection per attempt: a pooled or reused one would hide exactly the failures a start-up probe
// is there to see. Credentials default to the service's env, as the official image reads them.
// The protocol is postgres-wire.ts.

import type * as z from 'zod/mini';
import { DEFAULTS } from '../../registry/defaults.js';
import { describeSocketError, errorMessage } from '../../util/net-errors.js';
import { hostPort } from '../address.js';
import type { Verdict } from '../attempt.js';
import type { PostgresHealthSchema } from '../health-schemas.js';
import type { ProbeKind } from '../kind.js';
import { NoPasswordError, selectOne, type PostgresLogin } from '../postgres-wire.js';

/** The Postgres kind. */
export const postgresKind: ProbeKind<'postgres', z.infer<typeof PostgresHealthSchema>> = {
  type: 'postgres',
  defaultPort: 5432,
  resolve: (h, { env }) => {
    const user = h.user ?? env.POSTGRES_USER ?? DEFAULTS.postgresUser;
    const password = h.password ?? env.POSTGRES_PASSWORD;
    // The official image names the database after the user when POSTGRES_DB is not set.
    const database = h.database ?? env.POSTGRES_DB ?? user;
    return { type: 'postgres', user, ...(password !== undefined ? { password } : {}), database };
  },
  driver: (spec, target) => {
    const c = target.credentials ?? {};
    // The registry's credentials only: never $PGPASSWORD or ~/.pgpass, as a client library might.
    const o: PostgresLogin = {
      host: target.host,
      port: target.port,
      user: c.user ?? spec.user,
      password: c.password ?? spec.password,
      database: c.database ?? spec.database,
    };
    return {
      target: `postgres://${encodeURIComponent(o.user)}@${hostPort(o.host, o.port)}/${encodeURIComponent(o.database)}`,
      secrets: [o.password],
      // The attempt runner bounds the attempt (attemptTimeoutMs) by aborting its signal.
      attempt: async (s) => {
        await selectOne(o, 'pyat-probe', s);
        return { status: 'ready', detail: 'SELECT 1 answered' };
      },
      classify: classifyPgError,
    };
  },
  composeTest: (spec) => ['CMD', 'pg_isready', '-h', '127.0.0.1', '-p', String(spec.port ?? 5432), '-U', spec.user, '-d', spec.database],
};

// SQLSTATE classes that waiting cannot fix: 28 (invalid authorization: bad password 28P01, unknown
// role or no pg_hba entry 28000) and 3D (the database does not exist).
const HOPELESS_SQLSTATE = /^(28|3D)/;

function classifyPgError(err: unknown): Verdict {
  if (err instanceof NoPasswordError) return { status: 'failed', detail: err.message };
  const socketError = describeSocketError(err);
  if (socketError) return { status: 'pending', detail: socketError };
  const code = (err as { code?: unknown } | null)?.code;
  // The server's own words are the best detail: `password authentication failed for user "app"`.
  if (typeof code === 'string' && HOPELESS_SQLSTATE.test(code)) return { status: 'failed', detail: errorMessage(err) };
  // Everything else can pass: 57P03 "the database system is starting up", the image's init restart
  // (57P01), too many connections.
  return { status: 'pending', detail: errorMessage(err) };
}
