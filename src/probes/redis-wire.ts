// The two Redis commands the Redis probe sends (AUTH, PING), spoken in RESP on a fresh socket.
// A client library (ioredis) took ~65 ms to load — a sixth of `up` on a stack that is already
// healthy — for a probe that needs one request and one line per reply. RESP's simple replies are
// one line each (`+PONG`, `-NOAUTH Authentication required.`), and both commands answer that way.

import net from 'node:net';

/** A Redis error reply (`-WRONGPASS …`), with the text after the dash as its message. */
export class RedisReplyError extends Error {
  override name = 'RedisReplyError';
}

/** One command as RESP: an array of bulk strings. */
export function encodeCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/**
 * The simple replies in `text` (`+OK`, `-ERR …`, `:1`), as far as they are complete: a reply of
 * another type (bulk, array) ends the parse with an error, as neither command sends one.
 */
export function parseSimpleReplies(text: string): { replies: string[]; rest: string } {
  const replies: string[] = [];
  let rest = text;
  for (let end = rest.indexOf('\r\n'); end >= 0; end = rest.indexOf('\r\n')) {
    const line = rest.slice(0, end);
    if (!/^[+\-:]/.test(line)) throw new Error(`unexpected reply ${JSON.stringify(line.slice(0, 40))}`);
    replies.push(line);
    rest = rest.slice(end + 2);
  }
  return { replies, rest };
}

/**
 * Sends `commands` at once on a new connection to `host:port` and resolves with one reply line
 * per command; rejects with the socket's error (its `code` kept), or "connection closed" when
 * the server closes first. `signal` destroys the socket.
 */
export function redisCommands(
  host: string,
  port: number,
  commands: readonly (readonly string[])[],
  signal: AbortSignal,
): Promise<string[]> {
  if (signal.aborted) return Promise.reject(new Error('stopped'));
  return new Promise<string[]>((resolve, reject) => {
    const socket = net.connect({ host, port });
    const replies: string[] = [];
    let pending = '';
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve(replies);
    };
    const onAbort = (): void => {
      finish(new Error('stopped'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      socket.write(commands.map(encodeCommand).join(''));
    });
    socket.on('data', (chunk: string) => {
      try {
        const parsed = parseSimpleReplies(pending + chunk);
        replies.push(...parsed.replies);
        pending = parsed.rest;
      } catch (err) {
        finish(err as Error);
        return;
      }
      if (replies.length >= commands.length) finish();
    });
    socket.once('error', (err) => {
      finish(err);
    });
    // Closed before every reply came: EPIPE, which the probes word "connection closed" (net-errors.ts).
    socket.once('close', () => {
      finish(Object.assign(new Error('connection closed'), { code: 'EPIPE' }));
    });
  });
}

/** A reply line as a value: the text of `+`/`:` replies; an error reply is thrown as RedisReplyError. */
export function replyValue(line: string): string {
  if (line.startsWith('-')) throw new RedisReplyError(line.slice(1));
  return line.slice(1);
}
