import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createProbe } from '../../../src/probes/index.js';
import {
  frame,
  md5Password,
  readMessages,
  saslPrep,
  ScramSession,
  selectOne,
  serverError,
  startupMessage,
} from '../../../src/probes/postgres-wire.js';
import type { Probe } from '../../../src/probes/types.js';
import { closeAfterEach, closedPort, tcpServer, type TestServer } from './servers.js';

// The protocol's messages are checked here against the documented formats, the RFC's SCRAM
// example and a few dozen lines of a fake server; test/docker/probes.test.ts checks the probe
// against a real Postgres (SCRAM-SHA-256, a wrong password, a missing database, start-up).

const R = (code: number, ...rest: (string | Buffer | number)[]) => frame('R', code, ...rest);
const READY = frame('Z', Buffer.from('I'));
const ERROR = (code: string, message: string) => frame('E', Buffer.from(`SFATAL\0C${code}\0M${message}\0\0`));

interface FakeOptions {
  auth: 'trust' | 'cleartext' | 'md5';
  password?: string;
  /** Answer the startup with this ErrorResponse instead. */
  refuse?: { code: string; message: string };
  /** Hang up as soon as the startup message arrives. */
  hangUp?: boolean;
}

/** A Postgres that speaks just enough: the startup, one authentication, one simple query. */
function fakePostgres(opts: FakeOptions): Promise<TestServer & { seen: string[] }> {
  const seen: string[] = [];
  return tcpServer((socket: net.Socket) => {
    let buffer: Buffer = Buffer.alloc(0);
    let started = false;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!started) {
        if (buffer.length < 4 || buffer.length < buffer.readInt32BE(0)) return;
        const length = buffer.readInt32BE(0);
        const params = buffer.toString('utf8', 8, length - 1).split('\0');
        seen.push(`startup ${params.join(' ')}`.trim());
        buffer = buffer.subarray(length);
        started = true;
        if (opts.hangUp) {
          socket.destroy();
          return;
        }
        if (opts.refuse) socket.write(ERROR(opts.refuse.code, opts.refuse.message));
        else if (opts.auth === 'trust') socket.write(Buffer.concat([R(0), READY]));
        else socket.write(opts.auth === 'md5' ? R(5, Buffer.from([1, 2, 3, 4])) : R(3));
      }
      const { messages, rest } = readMessages(buffer);
      buffer = rest;
      for (const m of messages) {
        const text = m.body.toString('utf8').replace(/\0$/, '');
        seen.push(`${m.type} ${text}`);
        if (m.type === 'p') {
          const want = opts.auth === 'md5' ? md5Password('app', opts.password ?? '', Buffer.from([1, 2, 3, 4])) : opts.password;
          socket.write(text === want ? Buffer.concat([R(0), READY]) : ERROR('28P01', 'password authentication failed for user "app"'));
        } else if (m.type === 'Q') {
          // The answer in two pieces: the client must wait for the whole message.
          const answer = Buffer.concat([frame('C', 'SELECT 1'), READY]);
          socket.write(answer.subarray(0, 7));
          setTimeout(() => socket.write(answer.subarray(7)), 10);
        }
      }
    });
  }).then((server) => Object.assign(server, { seen }));
}

let server: TestServer | undefined;
let probe: Probe | undefined;
closeAfterEach(
  () => [probe, server],
  () => (probe = server = undefined),
);

const LOGIN = { host: '127.0.0.1', user: 'app', database: 'shop' };
const run = (port: number, password?: string) => selectOne({ ...LOGIN, port, password }, 'pyat-probe', new AbortController().signal);

describe('postgres-wire: messages', () => {
  it('frames a message as type, length (itself included) and body', () => {
    expect(frame('Q', 'SELECT 1')).toEqual(Buffer.from('Q\0\0\0\x0dSELECT 1\0', 'latin1'));
    expect(frame('X')).toEqual(Buffer.from('X\0\0\0\x04', 'latin1'));
  });

  it('starts protocol 3.0 with the user, database and application name', () => {
    const m = startupMessage({ user: 'app', database: 'shop' }, 'pyat-probe');
    expect(m.readInt32BE(0)).toBe(m.length);
    expect(m.readInt32BE(4)).toBe(196608);
    expect(m.toString('utf8', 8)).toBe('user\0app\0database\0shop\0application_name\0pyat-probe\0client_encoding\0UTF8\0\0');
  });

  it('reads whole messages only, keeping the rest for the next chunk', () => {
    const both = Buffer.concat([frame('S', 'a', 'b'), READY]);
    const first = readMessages(both.subarray(0, 7));
    expect(first.messages).toEqual([]);
    const second = readMessages(Buffer.concat([first.rest, both.subarray(7)]));
    expect(second.messages.map((m) => m.type)).toEqual(['S', 'Z']);
    expect(second.rest.length).toBe(0);
    expect(() => readMessages(Buffer.from('E\0\0\0\x02xx', 'latin1'))).toThrow('malformed');
  });

  it('an ErrorResponse becomes the server’s message with its SQLSTATE', () => {
    const err = serverError(ERROR('57P03', 'the database system is starting up').subarray(5));
    expect(err.message).toBe('the database system is starting up');
    expect(err.code).toBe('57P03');
  });

  it('MD5 authentication hashes the password with the user, then the salt', () => {
    expect(md5Password('app', 'secret', Buffer.from([1, 2, 3, 4]))).toBe('md5911f527656472583a006e7727877b33e');
  });

  it('SCRAM-SHA-256 computes RFC 7677’s example exactly, and checks the server’s signature', async () => {
    const scram = new ScramSession('rOprNGfwEbeRWgbNEkqO', 'user');
    expect(scram.clientFirst).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
    expect(await scram.clientFinal(serverFirst, 'pencil')).toBe(
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    expect(() => scram.verifyServerFinal('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).not.toThrow();
    expect(() => scram.verifyServerFinal('v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).toThrow('signature');
  });

  it('SCRAM refuses a server nonce that does not extend its own, and an iteration count beyond 100000', async () => {
    const scram = new ScramSession('abc');
    await expect(scram.clientFinal('r=xyzdef,s=AAAA,i=4096', 'p')).rejects.toThrow('nonce');
    await expect(scram.clientFinal('r=abcdef,s=AAAA,i=100000000', 'p')).rejects.toThrow('iterations');
  });

  it('SASLprep maps non-ASCII spaces, drops soft hyphens and normalises (NFKC)', () => {
    expect(saslPrep('a\u00A0b\u00ADc\uFB01')).toBe('a bcfi');
  });
});

describe('postgres-wire: a session', () => {
  it('trust: starts up, runs SELECT 1 and says goodbye', async () => {
    const pg = await fakePostgres({ auth: 'trust' });
    server = pg;
    await run(pg.port);
    await new Promise((r) => setTimeout(r, 20));
    expect(pg.seen).toEqual(['startup user app database shop application_name pyat-probe client_encoding UTF8', 'Q SELECT 1', 'X ']);
  });

  it('a password in clear or MD5, as the server asks', async () => {
    const clear = await fakePostgres({ auth: 'cleartext', password: 's3cret' });
    server = clear;
    await run(clear.port, 's3cret');
    expect(clear.seen).toContain('p s3cret');
    await clear.close();
    const md5 = await fakePostgres({ auth: 'md5', password: 's3cret' });
    server = md5;
    await run(md5.port, 's3cret');
    expect(md5.seen.find((s) => s.startsWith('p '))).toMatch(/^p md5[0-9a-f]{32}$/);
  });

  it('the server’s refusal is its own words and SQLSTATE', async () => {
    const pg = await fakePostgres({ auth: 'cleartext', password: 'right' });
    server = pg;
    await expect(run(pg.port, 'wrong')).rejects.toMatchObject({ code: '28P01', message: 'password authentication failed for user "app"' });
  });

  it('no password when the server asks for one', async () => {
    const pg = await fakePostgres({ auth: 'md5' });
    server = pg;
    await expect(run(pg.port)).rejects.toMatchObject({ name: 'NoPasswordError' });
  });

  it('a hang-up before an answer is "connection closed"; a refused connection keeps its code', async () => {
    const pg = await fakePostgres({ auth: 'trust', hangUp: true });
    server = pg;
    await expect(run(pg.port)).rejects.toMatchObject({ code: 'EPIPE', message: 'connection closed' });
    await expect(run(await closedPort())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('an aborted signal connects nowhere', async () => {
    const pg = await fakePostgres({ auth: 'trust' });
    server = pg;
    const ctl = new AbortController();
    ctl.abort();
    await expect(selectOne({ ...LOGIN, port: pg.port }, 'pyat-probe', ctl.signal)).rejects.toThrow('stopped');
    expect(pg.seen).toEqual([]);
  });
});

describe('the postgres probe over the wire', () => {
  const probeAt = (port: number, password?: string): Probe => {
    probe = createProbe(
      { type: 'postgres', user: 'app', database: 'shop', interval: 100, timeout: 5000 },
      { host: '127.0.0.1', port, credentials: { password } },
      { attemptTimeoutMs: 1000 },
    );
    return probe;
  };
  const check = (p: Probe) => p.check(new AbortController().signal);

  it('ready when SELECT 1 answers; failed for good on a wrong password, without showing it', async () => {
    const pg = await fakePostgres({ auth: 'cleartext', password: 'right-pw' });
    server = pg;
    expect(await check(probeAt(pg.port, 'right-pw'))).toMatchObject({ status: 'ready', detail: 'SELECT 1 answered' });
    const wrong = await check(probeAt(pg.port, 'wrong-pw'));
    expect(wrong).toMatchObject({ status: 'failed', detail: 'password authentication failed for user "app"' });
  });

  it('pending while the server is starting up (57P03)', async () => {
    const pg = await fakePostgres({ auth: 'trust', refuse: { code: '57P03', message: 'the database system is starting up' } });
    server = pg;
    expect(await check(probeAt(pg.port))).toMatchObject({ status: 'pending', detail: 'the database system is starting up' });
  });
});
