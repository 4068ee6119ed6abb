// Ready when the port accepts a connection. Weak behind Docker's userland port proxy, which accepts
// on the host before the service listens; the protocol probes (postgres, redis, http) are the real test.

import net from 'node:net';
import { hostPort } from './address.js';
import { AttemptRunner, type Verdict } from './attempt.js';
import { describeSocketError, errorMessage } from '../util/net-errors.js';
import type { Probe, ProbeResult } from './types.js';

/** Where a TCP probe connects. */
export interface TcpProbeOptions {
  host: string;
  port: number;
  attemptTimeoutMs: number;
}

/** A probe that is ready when `host:port` accepts a TCP connection. */
export class TcpProbe implements Probe {
  readonly kind = 'tcp';
  readonly target: string;
  private readonly runner: AttemptRunner;

  constructor(private readonly opts: TcpProbeOptions) {
    this.target = `tcp://${hostPort(opts.host, opts.port)}`;
    this.runner = new AttemptRunner(opts.attemptTimeoutMs, []);
  }

  check(signal: AbortSignal): Promise<ProbeResult> {
    return this.runner.run(signal, (s) => connectOnce(this.opts.host, this.opts.port, s), classifyTcpError);
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}

function connectOnce(host: string, port: number, signal: AbortSignal): Promise<Verdict> {
  return new Promise<Verdict>((resolve, reject) => {
    const socket = net.connect({ host, port });
    const onAbort = (): void => {
      socket.destroy();
      reject(new Error('stopped'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
    };
    socket.once('connect', () => {
      settle();
      resolve({ status: 'ready', detail: 'connected' });
    });
    socket.once('error', (err) => {
      settle();
      reject(err);
    });
  });
}

function classifyTcpError(err: unknown): Verdict {
  return { status: 'pending', detail: describeSocketError(err) ?? errorMessage(err) };
}
