// In-process servers on 127.0.0.1 ephemeral ports, for probe tests that need no Docker.

import { afterEach } from 'vitest';
import http from 'node:http';
import net from 'node:net';

/** A running server and how to stop it (open connections included). */
export interface TestServer {
  port: number;
  close(): Promise<void>;
}

async function start(server: net.Server): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const close = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, close };
}

/** An HTTP server answering with `handler`. */
export function httpServer(handler: http.RequestListener): Promise<TestServer> {
  return start(http.createServer(handler));
}

/** A TCP server running `onSocket` for each connection. */
export function tcpServer(onSocket: (s: net.Socket) => void = () => undefined): Promise<TestServer> {
  return start(net.createServer(onSocket));
}

/** A server that accepts connections and never says a word: what a hung service looks like. */
export function blackHole(): Promise<TestServer> {
  return tcpServer((s) => s.on('error', () => undefined));
}

/** A port nothing listens on (it was just released), so connecting is refused. */
export async function closedPort(): Promise<number> {
  const s = await tcpServer();
  await s.close();
  return s.port;
}

/** How many TCP sockets this process holds open (server sockets included). */
export function openSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
}

/** Closes the test's probe and server after each test (probe first: it holds the client side), whatever the test did. */
export function closeAfterEach(held: () => ({ close(): Promise<void> } | undefined)[], reset: () => void): void {
  afterEach(async () => {
    for (const h of held()) await h?.close();
    reset();
  });
}
