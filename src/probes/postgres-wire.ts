// The one Postgres session the Postgres probe needs, spoken in the frontend/backend protocol 3.0
// (https://www.postgresql.org/docs/current/protocol-flow.html) on a fresh socket: start up,
// authenticate (trust, password, MD5 or SCRAM-SHA-256), run `SELECT 1`, and say goodbye. pg
// took ~10 ms to load and ~10 ms more for its Web Crypto SCRAM on every `up` and `status` — a
// tenth of `up` on a healthy stack — for a probe that sends five messages. No TLS: the probe
// talks to a container on this machine, as pg was told to (`ssl: false`).

import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';

/** An ErrorResponse: the server's message, its SQLSTATE as `code` (28P01, 3D000, 57P03…). */
export class PostgresServerError extends Error {
  override name = 'PostgresServerError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The server asks for a password and none was given. */
export class NoPasswordError extends Error {
  override name = 'NoPasswordError';
}

/** Who connects where. */
export interface PostgresLogin {
  host: string;
  port: number;
  user: string;
  database: string;
  password?: string | undefined;
}

const PROTOCOL_3_0 = 196608;
// A server that asks for more PBKDF2 rounds than this is refused (as pg does): each costs CPU here.
const MAX_SCRAM_ITERATIONS = 100_000;

/** A frontend message: its type byte (none for the startup message), then its length and body. */
export function frame(type: string | undefined, ...parts: (string | Buffer | number)[]): Buffer {
  const body = Buffer.concat(
    parts.map((p) => {
      if (typeof p === 'number') {
        const n = Buffer.alloc(4);
        n.writeInt32BE(p);
        return n;
      }
      return typeof p === 'string' ? Buffer.from(`${p}\0`) : p;
    }),
  );
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([...(type === undefined ? [] : [Buffer.from(type)]), length, body]);
}

/** The startup message: protocol 3.0 and the session's parameters. */
export function startupMessage(login: Pick<PostgresLogin, 'user' | 'database'>, application: string): Buffer {
  const params = ['user', login.user, 'database', login.database, 'application_name', application, 'client_encoding', 'UTF8'];
  return frame(undefined, PROTOCOL_3_0, ...params, '');
}

/** Backend messages, as far as `buffer` holds them whole, and what is left. */
export function readMessages(buffer: Buffer): { messages: { type: string; body: Buffer }[]; rest: Buffer } {
  const messages: { type: string; body: Buffer }[] = [];
  let at = 0;
  while (buffer.length - at >= 5) {
    const length = buffer.readInt32BE(at + 1);
    if (length < 4) throw new Error(`malformed message from the server (length ${length})`);
    if (buffer.length - at < 1 + length) break;
    messages.push({ type: String.fromCharCode(buffer[at] ?? 0), body: buffer.subarray(at + 5, at + 1 + length) });
    at += 1 + length;
  }
  return { messages, rest: buffer.subarray(at) };
}

/** An ErrorResponse's fields as an error: `M` is the message, `C` the SQLSTATE. */
export function serverError(body: Buffer): PostgresServerError {
  const fields = new Map<string, string>();
  for (let at = 0; at < body.length && body[at] !== 0;) {
    const end = body.indexOf(0, at + 1);
    if (end < 0) break;
    fields.set(String.fromCharCode(body[at] ?? 0), body.toString('utf8', at + 1, end));
    at = end + 1;
  }
  return new PostgresServerError(fields.get('M') ?? 'the server reported an error', fields.get('C') ?? '');
}

/** MD5 authentication's answer: "md5" + md5(md5(password + user) + salt). */
export function md5Password(user: string, password: string, salt: Buffer): string {
  const inner = createHash('md5')
    .update(password + user)
    .digest('hex');
  return `md5${createHash('md5')
    .update(Buffer.concat([Buffer.from(inner), salt]))
    .digest('hex')}`;
}

/** SASLprep as pg and libpq apply it: non-ASCII spaces to spaces, "mapped to nothing" dropped, NFKC. */
export function saslPrep(password: string): string {
  return password
    .replace(/[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g, ' ')
    .replace(/\u00AD|\u034F|\u1806|[\u180B-\u180D]|\u200C|\u200D|\u2060|[\uFE00-\uFE0F]|\uFEFF/g, '')
    .normalize('NFKC');
}

/** One SCRAM-SHA-256 exchange (RFC 5802/7677), without channel binding. */
export class ScramSession {
  readonly clientFirstBare: string;
  private serverSignature = '';

  /** `user`: Postgres takes the user from the startup message and ignores this one (pg and libpq send `*`). */
  constructor(
    private readonly nonce = randomBytes(18).toString('base64'),
    user = '*',
  ) {
    this.clientFirstBare = `n=${user},r=${nonce}`;
  }

  /** The SASLInitialResponse's data. */
  get clientFirst(): string {
    return `n,,${this.clientFirstBare}`;
  }

  /** The client-final message for the server-first message `serverFirst`. */
  async clientFinal(serverFirst: string, password: string): Promise<string> {
    const attrs = new Map(serverFirst.split(',').map((kv) => [kv.slice(0, 1), kv.slice(2)]));
    const nonce = attrs.get('r') ?? '';
    const salt = Buffer.from(attrs.get('s') ?? '', 'base64');
    const iterations = Number(attrs.get('i'));
    if (!nonce.startsWith(this.nonce) || nonce.length === this.nonce.length)
      throw new Error('SCRAM: the server answered with a wrong nonce');
    if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_SCRAM_ITERATIONS)
      throw new Error(`SCRAM: the server asks for ${attrs.get('i') ?? 'no'} iterations`);
    const salted = await new Promise<Buffer>((resolve, reject) => {
      pbkdf2(saslPrep(password), salt, iterations, 32, 'sha256', (err, key) => {
        if (err) reject(err);
        else resolve(key);
      });
    });
    const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();
    const withoutProof = `c=biws,r=${nonce}`; // biws: base64 of the GS2 header "n,,"
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientKey = hmac(salted, 'Client Key');
    const signature = hmac(createHash('sha256').update(clientKey).digest(), authMessage);
    const proof = Buffer.from(clientKey.map((b, i) => b ^ (signature[i] ?? 0)));
    this.serverSignature = hmac(hmac(salted, 'Server Key'), authMessage).toString('base64');
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /** Checks the server-final message: the server proves it knows the password too. */
  verifyServerFinal(serverFinal: string): void {
    if (serverFinal.startsWith('e=')) throw new Error(`SCRAM: ${serverFinal.slice(2)}`);
    const got = Buffer.from(serverFinal.startsWith('v=') ? serverFinal.slice(2) : '');
    const want = Buffer.from(this.serverSignature);
    if (got.length !== want.length || !timingSafeEqual(got, want)) throw new Error('SCRAM: the server signature does not match');
  }
}

/**
 * Connects, authenticates and runs `SELECT 1`; resolves once it answered. Rejects with a
 * PostgresServerError (the server's words and SQLSTATE), NoPasswordError, the socket's error (its
 * `code` kept), or "connection closed" (EPIPE) when the server hangs up first. `signal` destroys the socket.
 */
export function selectOne(login: PostgresLogin, application: string, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new Error('stopped'));
  return new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: login.host, port: login.port });
    let pending: Buffer = Buffer.alloc(0);
    let done = false;
    let queried = false;
    let scram: ScramSession | undefined;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      if (err) {
        socket.destroy();
        reject(err);
        return;
      }
      // Terminate, then half-close: the server logs no "unexpected EOF", and nothing waits for its
      // side to close (~8 ms); the socket goes after 250 ms at the latest.
      socket.end(frame('X'));
      setTimeout(() => socket.destroy(), 250).unref();
      resolve();
    };
    const onAbort = (): void => {
      finish(new Error('stopped'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const password = (): string => {
      if (login.password === undefined) throw new NoPasswordError('the server asks for a password but none is configured');
      return login.password;
    };
    const authenticate = async (body: Buffer): Promise<void> => {
      const kind = body.readInt32BE(0);
      if (kind === 0) return; // AuthenticationOk
      if (kind === 3) socket.write(frame('p', password()));
      else if (kind === 5) socket.write(frame('p', md5Password(login.user, password(), body.subarray(4, 8))));
      else if (kind === 10) {
        const mechanisms = body.toString('utf8', 4).split('\0');
        if (!mechanisms.includes('SCRAM-SHA-256')) throw new Error(`the server offers only ${mechanisms.filter(Boolean).join(', ')}`);
        scram = new ScramSession();
        const first = Buffer.from(scram.clientFirst);
        socket.write(frame('p', 'SCRAM-SHA-256', first.length, first));
      } else if (kind === 11 && scram) socket.write(frame('p', Buffer.from(await scram.clientFinal(body.toString('utf8', 4), password()))));
      else if (kind === 12 && scram) scram.verifyServerFinal(body.toString('utf8', 4));
      else throw new Error(`the server asks for an authentication pyat does not speak (${kind})`);
    };
    // Messages are handled one after another: SCRAM's key derivation is asynchronous.
    let queue = Promise.resolve();
    const handle = async (type: string, body: Buffer): Promise<void> => {
      if (done) return;
      if (type === 'E') throw serverError(body);
      if (type === 'R') await authenticate(body);
      else if (type === 'Z' && !queried) {
        queried = true;
        socket.write(frame('Q', 'SELECT 1'));
      } else if (type === 'Z') finish();
    };
    socket.on('data', (chunk: Buffer) => {
      let messages: { type: string; body: Buffer }[];
      try {
        ({ messages, rest: pending } = readMessages(Buffer.concat([pending, chunk])));
      } catch (err) {
        finish(err as Error);
        return;
      }
      for (const m of messages) queue = queue.then(() => handle(m.type, m.body)).catch((err: unknown) => finish(err as Error));
    });
    socket.once('connect', () => {
      socket.write(startupMessage(login, application));
    });
    socket.once('error', (err) => {
      finish(err);
    });
    // Docker's port proxy accepts before Postgres listens, then hangs up: "connection closed" (net-errors.ts).
    socket.once('close', () => {
      void queue.then(() => finish(Object.assign(new Error('connection closed'), { code: 'EPIPE' })));
    });
  });
}
