// Ready when `SELECT 1` answers on a fresh connection. A fresh pg.Client per attempt: a pooled or
// reused client would hide exactly the failures a start-up probe is there to see.

import net from 'node:net';
import type pg from 'pg';
import { hostPort } from './address.js';
import { AttemptRunner, type Verdict } from './attempt.js';
import { describeSocketError, errorMessage } from '../util/net-errors.js';
import type { Probe, ProbeResult } from './types.js';

/** Where a Postgres probe connects, and as whom. */
export interface PostgresProbeOptions {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  attemptTimeoutMs: number;
}

/** A probe that connects to Postgres and runs `SELECT 1`. */
export class PostgresProbe implements Probe {
  readonly kind = 'postgres';
  readonly target: string;
  private readonly runner: AttemptRunner;

  constructor(private readonly opts: PostgresProbeOptions) {
    this.target = `postgres://${encodeURIComponent(opts.user)}@${hostPort(opts.host, opts.port)}/${encodeURIComponent(opts.database)}`;
    this.runner = new AttemptRunner(opts.attemptTimeoutMs, [opts.password]);
  }

  check(signal: AbortSignal): Promise<ProbeResult> {
    return this.runner.run(signal, (s) => selectOne(this.opts, s), classifyPgError);
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}

class NoPasswordError extends Error {}

// SQLSTATE classes that waiting cannot fix: 28 (invalid authorization: bad password 28P01, unknown
// role or no pg_hba entry 28000) and 3D (the database does not exist).
const HOPELESS_SQLSTATE = /^(28|3D)/;

/** The driver, loaded on first use: a command that probes no Postgres never pays for it. */
export const loadPostgresDriver = () => import('pg');

async function selectOne(o: PostgresProbeOptions, signal: AbortSignal): Promise<Verdict> {
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
    await endPolitely(client, socket);
  }
}

// Terminate properly when the server lets us (no "unexpected EOF" in its log), but never wait long.
async function endPolitely(client: pg.Client, socket: net.Socket): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, 250)));
  await Promise.race([client.end().catch(() => undefined), grace]);
  clearTimeout(timer);
  socket.destroy();
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
