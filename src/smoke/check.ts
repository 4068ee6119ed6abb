// Runs one smoke check: a single HTTP request from the host to the service's published port,
// with its own short deadline. No retries: the stack is already healthy, so a wrong answer is
// a real finding, not a service that is still starting.

import { hostPort } from '../probes/address.js';
import { describeSocketError, errorMessage } from '../util/net-errors.js';
import type { SmokeCheck } from '../registry/model.js';
import { judgeAnswer } from './judge.js';
import type { SmokeCheckResult } from './types.js';
import type { ReadableStreamDefaultReader } from 'node:stream/web';

// Enough for any text a check looks for; a body that streams forever must not hold the run.
const MAX_BODY_BYTES = 1 << 20;

/** Where a service answers on the host. */
export interface CheckTarget {
  host: string;
  port: number;
}

/** The URL a check requests. */
export function checkUrl(check: Pick<SmokeCheck, 'path'>, target: CheckTarget): string {
  return `http://${hostPort(target.host, target.port)}${check.path.startsWith('/') ? '' : '/'}${check.path}`;
}

/** Runs `check` against `target`; never throws. An abort of `signal` (Ctrl-C) makes it `skipped`. */
export async function runCheck(
  service: string,
  check: SmokeCheck,
  target: CheckTarget,
  opts: { timeoutMs: number; signal: AbortSignal },
): Promise<SmokeCheckResult> {
  const url = checkUrl(check, target);
  const base = { service, name: check.name, method: check.method, url };
  const started = performance.now();
  const took = (): number => Math.round(performance.now() - started);
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  try {
    // redirect: manual, so that `expect: 302` sees the 302 rather than where it leads.
    const res = await fetch(url, { method: check.method, redirect: 'manual', signal: AbortSignal.any([opts.signal, deadline]) });
    const body = await readBody(res);
    const verdict = judgeAnswer(check, res.status, body);
    if (verdict.ok) return { ...base, status: 'passed', durationMs: took(), httpStatus: res.status };
    return { ...base, status: 'failed', durationMs: took(), httpStatus: res.status, kind: verdict.kind, message: verdict.message };
  } catch (err) {
    if (opts.signal.aborted) return { ...base, status: 'skipped', durationMs: took(), message: 'interrupted' };
    if (deadline.aborted)
      return { ...base, status: 'error', durationMs: took(), kind: 'timeout', message: `no answer within ${opts.timeoutMs / 1000}s` };
    return { ...base, status: 'error', durationMs: took(), kind: 'connection', message: connectionError(err) };
  }
}

async function readBody(res: Response): Promise<string> {
  if (!res.body) return '';
  // Typed here: Node's types leave the chunks of a fetch body `any`.
  const reader = res.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES));
}

// fetch() wraps the socket error as `TypeError: fetch failed` with the real one in `cause`.
function connectionError(err: unknown): string {
  const cause = (err as { cause?: unknown } | null)?.cause;
  return describeSocketError(cause) ?? errorMessage(cause ?? err);
}
