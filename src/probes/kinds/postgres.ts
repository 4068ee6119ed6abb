// `health: { type: postgres }`: ready when `SELECT 1` answers on a fresh connection. A fresh
// pg.Client per attempt: a pooled or reused client would hide exactly the failures a start-up
// probe is there to see. Credentials default to the service's env, as the official image reads them.

import net from 'node:net';
import type pg from 'pg';
import * as z from 'zod/mini';
import { DEFAULTS } from '../../registry/defaults.js';
import { optional, probePort, timing } from '../../registry/schema-parts.js';
import { describeSocketError, errorMessage } from '../../util/net-errors.js';
import { hostPort } from '../address.js';
import type { Verdict } from '../attempt.js';
import type { ProbeKind } from '../kind.js';

/** `health: { type: postgres }` as written. */
export const PostgresHealthSchema = z
  .strictObject({
    type: z.literal('postgres'),
    user: optional(z.string(), 'default: the service env POSTGRES_USER, else "postgres"'),
    password: optional(z.string(), 'default: the service env POSTGRES_PASSWORD; may be a ${VAR} reference'),
    database: optional(z.string(), 'default: the service env POSTGRES_DB, else the user'),
    port: probePort,
    ...timing,
  })
  .check(z.describe('ready when a Postgres connection succeeds'));

/** Where one attempt connects, and as whom. */
interface PgConnect {
  host: string;
  port: number;
  user: string;
  password?: string | undefined;
  database: string;
  attemptTimeoutMs: number;
}

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
  driver: (spec, target, attemptTimeoutMs) => {
    const c = target.credentials ?? {};
    const o: PgConnect = {
      host: target.host,
      port: target.port,
      user: c.user ?? spec.user,
      password: c.password ?? spec.password,
      database: c.database ?? spec.database,
      attemptTimeoutMs,
    };
    return {
      target: `postgres://${encodeURIComponent(o.user)}@${hostPort(o.host, o.port)}/${encodeURIComponent(o.database)}`,
      secrets: [o.password],
      attempt: (s) => selectOne(o, s),
      classify: classifyPgError,
    };
  },
  composeTest: (spec) => ['CMD', 'pg_isready', '-h', '127.0.0.1', '-p', String(spec.port ?? 5432), '-U', spec.user, '-d', spec.database],
  preload: () => void loadPostgresDriver().catch(() => undefined),
};

class NoPasswordError extends Error {}

// SQLSTATE classes that waiting cannot fix: 28 (invalid authorization: bad password 28P01, unknown
// role or no pg_hba entry 28000) and 3D (the database does not exist).
const HOPELESS_SQLSTATE = /^(28|3D)/;

/** The driver, loaded on first use: a command that probes no Postgres never pays for it. */
const loadPostgresDriver = () => import('pg');

async function selectOne(o: PgConnect, signal: AbortSignal): Promise<Verdict> {
  // Our own socket, so that an abort or a stuck server can always be cut off with destroy().
  const socket = new net.Socket();
  const { default: driver } = await loadPostgresDriver();
  const client = new driver.Client({
    host: o.host,
    port: o.port,
    user: o.user,
    database: o.database,
    // A function, so that pg never falls back to $PGPASSWORD or ~/.pgpass: the probe uses what the registry says.
    password: () => {
      if (o.password === undefined) throw new NoPasswordError('the server asks for a password but none is configured');
      return o.password;
    },
    ssl: false,
    stream: () => socket,
    connectionTimeoutMillis: o.attemptTimeoutMs,
    application_name: 'pyat-probe',
  });
  // Errors after connecting arrive as events; without a listener they would crash the process.
  client.on('error', () => undefined);
  const onAbort = (): void => void socket.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { status: 'ready', detail: 'SELECT 1 answered' };
  } finally {
    signal.removeEventListener('abort', onAbort);
    endPolitely(client, socket);
  }
}

// Says goodbye (Terminate, then half-close: the server logs no "unexpected EOF") without waiting
// for the server to close its side (~8 ms, a sixth of a probe); the socket is destroyed after 250 ms at the latest.
function endPolitely(client: pg.Client, socket: net.Socket): void {
  void client.end().catch(() => undefined);
  setTimeout(() => socket.destroy(), 250).unref();
}

function classifyPgError(err: unknown): Verdict {
  if (err instanceof NoPasswordError) return { status: 'failed', detail: err.message };
  const socketError = describeSocketError(err);
  if (socketError) return { status: 'pending', detail: socketError };
  const code = (err as { code?: unknown } | null)?.code;
  // The server's own words are the best detail: `password authentication failed for user "app"`.
  if (typeof code === 'string' && HOPELESS_SQLSTATE.test(code)) return { status: 'failed', detail: errorMessage(err) };
  // Docker's port proxy accepts before Postgres listens, then hangs up: pg calls that "unexpected".
  if (errorMessage(err) === 'Connection terminated unexpectedly') return { status: 'pending', detail: 'connection closed' };
  // Everything else can pass: 57P03 "the database system is starting up", the image's init restart
  // (57P01), too many connections.
  return { status: 'pending', detail: errorMessage(err) };
}
