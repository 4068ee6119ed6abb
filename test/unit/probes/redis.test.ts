import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createProbe } from '../../../src/probes/index.js';
import type { Probe } from '../../../src/probes/types.js';
import { encodeCommand, parseSimpleReplies, redisCommands } from '../../../src/probes/redis-wire.js';
import { closeAfterEach, closedPort, tcpServer, type TestServer } from './servers.js';

// A few lines of RESP are enough to check how the probe reads Redis's answers without Docker;
// test/docker/probes.test.ts checks the same against a real redis-server.
function fakeRedis(opts: { requirepass?: string; ping?: string; split?: boolean }): Promise<TestServer> {
  return tcpServer((socket: net.Socket) => {
    let authed = !opts.requirepass;
    let buffer = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      for (let cmd = takeCommand(); cmd; cmd = takeCommand()) {
        const [name = '', ...args] = cmd;
        if (name.toUpperCase() === 'AUTH' && !opts.requirepass) {
          socket.write('-ERR AUTH <password> called without any password configured for the default user.\r\n');
        } else if (name.toUpperCase() === 'AUTH') {
          authed = args.at(-1) === opts.requirepass;
          socket.write(authed ? '+OK\r\n' : '-WRONGPASS invalid username-password pair or user is disabled.\r\n');
        } else if (!authed) socket.write('-NOAUTH Authentication required.\r\n');
        else if (name.toUpperCase() === 'PING' && opts.split) {
          // A reply in two packets: the probe must wait for the end of the line.
          socket.write('+PO');
          setTimeout(() => socket.write('NG\r\n'), 20);
        } else if (name.toUpperCase() === 'PING') socket.write(opts.ping ?? '+PONG\r\n');
        else socket.write('+OK\r\n');
      }
    });
    // Parses one `*N\r\n$len\r\narg\r\n…` command off the buffer, if a whole one is there.
    function takeCommand(): string[] | undefined {
      const lines = buffer.split('\r\n');
      const n = Number(lines[0]?.slice(1));
      if (!lines[0]?.startsWith('*') || lines.length < 2 * n + 2) return undefined;
      const args = Array.from({ length: n }, (_, i) => lines[2 + 2 * i] ?? '');
      buffer = lines.slice(2 * n + 1).join('\r\n');
      return args;
    }
  });
}

let server: TestServer | undefined;
let probe: Probe | undefined;
closeAfterEach(
  () => [probe, server],
  () => (probe = server = undefined),
);

function probeAt(port: number, password?: string): Probe {
  probe = createProbe(
    { type: 'redis', interval: 100, timeout: 5000 },
    { host: '127.0.0.1', port, credentials: { password } },
    { attemptTimeoutMs: 1000 },
  );
  return probe;
}
const check = (p: Probe) => p.check(new AbortController().signal);

describe('redis probe (fake server)', () => {
  it('is ready when PING answers PONG after AUTH', async () => {
    server = await fakeRedis({ requirepass: 's3cret' });
    const p = probeAt(server.port, 's3cret');
    expect(p.target).toBe(`redis://127.0.0.1:${server.port}`);
    expect(await check(p)).toMatchObject({ status: 'ready', detail: 'PONG' });
  });

  it('fails on a wrong password, without echoing it', async () => {
    server = await fakeRedis({ requirepass: 's3cret' });
    const r = await check(probeAt(server.port, 'wrong-one'));
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/^WRONGPASS/);
    expect(r.detail).not.toContain('wrong-one');
  });

  it('fails with NOAUTH when the server wants a password and none is given', async () => {
    server = await fakeRedis({ requirepass: 's3cret' });
    expect(await check(probeAt(server.port))).toMatchObject({ status: 'failed', detail: 'NOAUTH Authentication required.' });
  });

  it('is pending while Redis loads its dataset', async () => {
    server = await fakeRedis({ ping: '-LOADING Redis is loading the dataset in memory\r\n' });
    expect(await check(probeAt(server.port))).toMatchObject({
      status: 'pending',
      detail: 'LOADING Redis is loading the dataset in memory',
    });
  });

  it('is ready when a password is given to a Redis that has none (Redis says so, PING decides)', async () => {
    server = await fakeRedis({});
    expect(await check(probeAt(server.port, 'unneeded'))).toMatchObject({ status: 'ready', detail: 'PONG' });
  });

  it('reads a reply that arrives in pieces', async () => {
    server = await fakeRedis({ split: true });
    expect(await check(probeAt(server.port))).toMatchObject({ status: 'ready', detail: 'PONG' });
  });

  it('is pending when the server closes without answering', async () => {
    server = await tcpServer((socket: net.Socket) => socket.end());
    expect(await check(probeAt(server.port))).toMatchObject({ status: 'pending', detail: 'connection closed' });
  });

  it('is pending with what it got when the answer is not RESP', async () => {
    server = await tcpServer((socket: net.Socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    expect(await check(probeAt(server.port))).toMatchObject({ status: 'pending', detail: 'unexpected reply "HTTP/1.1 400 Bad Request"' });
  });

  it('is pending with "connection refused" when nothing listens', async () => {
    expect(await check(probeAt(await closedPort()))).toMatchObject({ status: 'pending', detail: 'connection refused' });
  });
});

describe('RESP of the two commands', () => {
  it('encodes a command as an array of bulk strings, lengths in bytes', () => {
    expect(encodeCommand(['AUTH', 'pässword'])).toBe('*2\r\n$4\r\nAUTH\r\n$9\r\npässword\r\n');
  });

  it('parses complete simple replies and keeps the rest', () => {
    expect(parseSimpleReplies('+OK\r\n-ERR no\r\n+PO')).toEqual({ replies: ['+OK', '-ERR no'], rest: '+PO' });
  });

  it('rejects a reply type neither command sends', () => {
    expect(() => parseSimpleReplies('$4\r\nPONG\r\n')).toThrow('unexpected reply "$4"');
  });
});

describe('redisCommands', () => {
  it('an aborted signal ends it before anything is sent', async () => {
    let connected = 0;
    const srv = await tcpServer(() => void (connected += 1));
    try {
      const ctl = new AbortController();
      ctl.abort();
      await expect(redisCommands('127.0.0.1', srv.port, [['PING']], ctl.signal)).rejects.toThrow('stopped');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(connected).toBe(0);
    } finally {
      await srv.close();
    }
  });
});
