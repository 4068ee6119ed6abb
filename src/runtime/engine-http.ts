// The Docker Engine API over plain HTTP (a unix socket, or TCP with TLS), for the few calls pyat
// makes. Why not dockerode: it loads ssh2 and gRPC at start-up (~0.1–0.2 s), and `pyat status` has
// 0.5 s in all; the Engine API itself is stable, versioned and documented
// (https://docs.docker.com/reference/api/engine/).

import http from 'node:http';
import net from 'node:net';
import type { EngineConnection } from './docker-host.js';

/** An answer the engine gave with a status of 300 or more: `statusCode` and the engine's `message`. */
export class EngineHttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'EngineHttpError';
  }
}

/** One request to the engine (with a JSON body when given); resolves with the response once its headers arrive. */
async function open(
  conn: EngineConnection,
  method: string,
  path: string,
  signal: AbortSignal,
  body?: unknown,
): Promise<http.IncomingMessage> {
  // TLS (an engine on tcp:// with certificates) loads node:https and all of tls only when used (~5 ms).
  const transport = conn.kind === 'tcp' && conn.tls ? (await import('node:https')).default : http;
  return new Promise((resolve, reject) => {
    const common = { method, path, signal, headers: { host: 'docker', 'content-type': 'application/json' } };
    const req =
      conn.kind === 'unix'
        ? // A connection of our own, no agent: an agent first tests the Host header for an IP address,
          // and Node's IPv6 pattern takes ~10 ms to compile on its first use (every command's first call).
          http.request({ ...common, createConnection: () => net.connect(conn.socketPath) }, resolve)
        : transport.request({ ...common, agent: false, host: conn.host, port: conn.port, ...(conn.tls ?? {}) }, resolve);
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Reads a whole response body. */
async function readAll(res: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The engine's error text: its JSON `message`, else the body, else the status line. */
function errorOf(status: number, body: Buffer): EngineHttpError {
  const text = body.toString('utf8').trim();
  let message = text;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    // not JSON: keep the text
  }
  return new EngineHttpError(status, message || `HTTP ${status}`);
}

/** Makes a request (with a JSON body when given) and reads the whole answer; a status ≥ 300 rejects with EngineHttpError. */
async function answered(
  conn: EngineConnection,
  method: string,
  path: string,
  signal: AbortSignal,
  json?: unknown,
): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  const res = await open(conn, method, path, signal, json);
  const body = await readAll(res);
  const status = res.statusCode ?? 0;
  if (status >= 300) throw errorOf(status, body);
  return { headers: res.headers, body };
}

/** Makes a request (with a JSON body when given) and returns the answer's body; a status ≥ 300 rejects with EngineHttpError. */
export async function engineRequest(
  conn: EngineConnection,
  method: string,
  path: string,
  signal: AbortSignal,
  json?: unknown,
): Promise<Buffer> {
  return (await answered(conn, method, path, signal, json)).body;
}

/** A request whose JSON answer is returned. */
export async function engineJson<T>(conn: EngineConnection, path: string, signal: AbortSignal): Promise<T> {
  return JSON.parse((await engineRequest(conn, 'GET', path, signal)).toString('utf8')) as T;
}

/** A GET whose answer's headers are what is wanted (`/_ping`: `Api-Version`, `Server`). */
export async function engineHeaders(conn: EngineConnection, path: string, signal: AbortSignal): Promise<http.IncomingHttpHeaders> {
  return (await answered(conn, 'GET', path, signal)).headers;
}

/** A request whose body is a stream (followed logs); a status ≥ 300 rejects with EngineHttpError. */
export async function engineStream(conn: EngineConnection, path: string, signal: AbortSignal): Promise<http.IncomingMessage> {
  const res = await open(conn, 'GET', path, signal);
  const status = res.statusCode ?? 0;
  if (status >= 300) throw errorOf(status, await readAll(res));
  return res;
}
