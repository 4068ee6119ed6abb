// A Docker engine that can be made to vanish: a unix-socket proxy in front of the real engine.
// pyat is pointed at it with DOCKER_HOST; `cut()` then closes the socket and destroys every open
// connection, as a daemon that dies would — without stopping the real daemon other tests use.

import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { resolveDockerEndpoint } from '../../src/runtime/docker-host.js';

/** A running proxy. */
export interface EngineProxy {
  /** `unix://…` to give pyat as DOCKER_HOST. */
  dockerHost: string;
  /** The first line of each HTTP request seen so far (`GET /v1.41/containers/json …`), in order. */
  requests: string[];
  /** Closes the listening socket and destroys every open connection; idempotent. */
  cut(): Promise<void>;
  /** `cut()`, then removes the temp dir. */
  dispose(): Promise<void>;
}

// The start of an HTTP request on a client→engine chunk: what the engine is asked.
const REQUEST_LINE = /^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]/;

/**
 * Starts a proxy to the engine the test process uses. `onRequest` sees each request line before
 * it is forwarded, and may call `cut()` to make that very request fail ("the engine died while").
 */
export async function startEngineProxy(onRequest?: (line: string, proxy: EngineProxy) => void): Promise<EngineProxy> {
  const target = resolveDockerEndpoint(process.env).options.socketPath;
  if (!target) throw new Error('the engine proxy needs a unix-socket engine (DOCKER_HOST=unix://… or the default socket)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pyat-engine-proxy-'));
  const socket = path.join(dir, 'docker.sock');
  const open = new Set<net.Socket>();
  let cut = false;

  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const engine = net.connect(target);
    open.add(client).add(engine);
    const drop = (): void => {
      client.destroy();
      engine.destroy();
      open.delete(client);
      open.delete(engine);
    };
    client.on('data', (chunk: Buffer) => {
      const line = REQUEST_LINE.exec(chunk.toString('latin1', 0, 512))?.[0];
      if (line) {
        proxy.requests.push(line);
        onRequest?.(line, proxy);
      }
      // Cut by the hook: this request never reaches the engine.
      if (cut) {
        drop();
        return;
      }
      engine.write(chunk);
    });
    engine.pipe(client);
    client.on('error', drop).on('close', drop);
    engine.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socket, resolve));

  const proxy: EngineProxy = {
    dockerHost: `unix://${socket}`,
    requests: [],
    cut: async () => {
      if (cut) return;
      cut = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of open) s.destroy();
      open.clear();
      await closed;
    },
    dispose: async () => {
      await proxy.cut();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return proxy;
}
