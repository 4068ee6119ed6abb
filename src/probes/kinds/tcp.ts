// `health: { type: tcp }`: ready when the port accepts a connection and keeps it. Docker's
// userland port proxy accepts on the host even when nothing listens in the container, then closes
// at once when it cannot reach the service: so a connection closed within HOLD_MS counts as not
// ready. Data counts as ready at once. The protocol probes (postgres, redis, http) remain the real test.

import net from 'node:net';
import type * as z from 'zod/mini';
import { hostPort } from '../address.js';
import { socketErrorVerdict, type Verdict } from '../attempt.js';
import type { TcpHealthSchema } from '../health-schemas.js';
import type { ProbeKind } from '../kind.js';

// The port proxy closes within a millisecond or two of failing to reach the container; a service
// that accepted keeps the connection. Long enough for a slow machine, short for a gate.
const HOLD_MS = 50;

/** The TCP kind. */
export const tcpKind: ProbeKind<'tcp', z.infer<typeof TcpHealthSchema>> = {
  type: 'tcp',
  defaultPort: undefined,
  resolve: () => ({ type: 'tcp' }),
  driver: (_spec, target) => ({
    target: `tcp://${hostPort(target.host, target.port)}`,
    secrets: [],
    attempt: (s) => connectOnce(target.host, target.port, s),
    classify: socketErrorVerdict,
  }),
  composeTest: (spec) => ['CMD-SHELL', `nc -z 127.0.0.1 ${spec.port} || bash -c 'exec 3<>/dev/tcp/127.0.0.1/${spec.port}'`],
};

function connectOnce(host: string, port: number, signal: AbortSignal): Promise<Verdict> {
  return new Promise<Verdict>((resolve, reject) => {
    const socket = net.connect({ host, port });
    let hold: NodeJS.Timeout | undefined;
    const settle = (): void => {
      clearTimeout(hold);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
    };
    const onAbort = (): void => {
      settle();
      reject(new Error('stopped'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const ready = (): void => {
      settle();
      resolve({ status: 'ready', detail: 'connected' });
    };
    socket.once('connect', () => {
      hold = setTimeout(ready, HOLD_MS);
      socket.once('data', ready);
      // A close right after the accept: the port proxy found nothing listening behind it.
      socket.once('end', () => {
        settle();
        resolve({ status: 'pending', detail: 'accepted, then closed at once (nothing listens behind the published port yet)' });
      });
    });
    socket.once('error', (err) => {
      settle();
      reject(err);
    });
  });
}
