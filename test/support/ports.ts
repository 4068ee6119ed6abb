// Host ports for Docker-backed tests: from a test-only range, so that a test never takes (or
// collides with) a port a developer's own services use.
import net from 'node:net';

const LOW = 47000;
const HIGH = 47999;
const handedOut = new Set<number>();
// Parallel vitest workers start from different places so that they rarely race for one port.
let cursor = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));

/** `n` ports in 47000–47999 that are free on 127.0.0.1 now and never handed out twice in this process. */
export async function testPorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tried = 0; ports.length < n; tried++) {
    if (tried > HIGH - LOW) throw new Error(`no ${n} free ports in ${LOW}–${HIGH} on 127.0.0.1`);
    const port = cursor;
    cursor = cursor === HIGH ? LOW : cursor + 1;
    if (handedOut.has(port) || !(await isFree(port))) continue;
    handedOut.add(port);
    ports.push(port);
  }
  return ports;
}

// Binding is the only honest test: a port can be taken by a process that no list shows.
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
