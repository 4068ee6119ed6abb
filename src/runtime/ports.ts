// Whether a host port can be published, asked the way the engine will use it: by listening on it.

import net from 'node:net';
import { isAllInterfaces } from '../util/addresses.js';

/**
 * True when nothing holds `port` on `host`. On Linux one listen on `host` also fails when another
 * socket holds the wildcard (0.0.0.0 or dual-stack ::); BSD and macOS let a specific address shadow
 * the wildcard, so there the wildcard is tried too — Docker's proxy would collide with it all the same.
 */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  if (!(await canListen(port, host))) return false;
  if (process.platform === 'linux' || isAllInterfaces(host)) return true;
  return canListen(port, '0.0.0.0');
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      // EACCES: a privileged port pyat may not take — not free for us either.
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    });
    // exclusive: a cluster worker must not share a handle with its primary and so see "free".
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
