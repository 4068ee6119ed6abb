// Turns what an Engine API call throws into pyat's errors: an engine that cannot be reached is an
// EnvironmentError (exit 3) with a fix, never a raw socket stack; a slow one times out.

import { EnvironmentError, InterruptedError, PyatError } from '../errors.js';
import { SOCKET_ERRORS } from '../util/net-errors.js';

// Errors that mean "nobody answers there" rather than "the engine said no".
const UNREACHABLE: Record<string, string> = {
  ...SOCKET_ERRORS,
  ENOENT: 'no such socket',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTSOCK: 'not a socket',
};

/** Thrown by `withTimeout` when the engine does not answer in time. */
export class EngineTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms / 1000} s`);
    this.name = 'EngineTimeout';
  }
}

/** The HTTP status of an engine answer (404 no such container, 304 already started, …), if any. */
export function engineStatus(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The short reason an engine cannot be reached, or undefined when it answered (with an error). */
export function unreachableReason(err: unknown): string | undefined {
  if (err instanceof EngineTimeout) return err.message;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && e.code in UNREACHABLE) return UNREACHABLE[e.code];
  if (typeof e?.message === 'string' && /socket hang up/i.test(e.message)) return 'connection closed';
  return undefined;
}

/** The error pyat shows for a failed engine call `what` (e.g. `start web-1`) against `where`. */
export function engineError(err: unknown, where: string, what: string): Error {
  if (err instanceof InterruptedError) return new InterruptedError(`interrupted while waiting for the engine to ${what}`);
  if (err instanceof PyatError) return err;
  const reason = unreachableReason(err);
  if (reason !== undefined) {
    const hint =
      reason === 'permission denied'
        ? 'run pyat as a user in the `docker` group, or point DOCKER_HOST at an engine you may use'
        : 'start Docker (Docker Desktop, `sudo systemctl start docker`, or `dockerd`), or point DOCKER_HOST at a running engine';
    return new EnvironmentError('E_ENGINE', `Docker engine not reachable at ${where}: ${reason}`, hint, { cause: err });
  }
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
  return new EnvironmentError('E_ENGINE_CALL', `Docker engine refused to ${what}: ${message}`, undefined, { cause: err });
}

/**
 * Runs one engine call with an abort signal that fires after `ms` or when `cancel` (the command's
 * Ctrl-C) aborts, and gives up at that moment even if the call ignores the signal: a hung engine
 * must never hang pyat. A cancelled call throws an InterruptedError.
 */
export async function withTimeout<T>(ms: number, call: (signal: AbortSignal) => Promise<T>, cancel?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onCancel: (() => void) | undefined;
  const expired = new Promise<never>((_, reject) => {
    const end = (err: Error): void => {
      controller.abort(err);
      reject(err);
    };
    timer = setTimeout(() => {
      end(new EngineTimeout(ms));
    }, ms);
    onCancel = () => {
      end(new InterruptedError());
    };
    if (cancel?.aborted) onCancel();
    else cancel?.addEventListener('abort', onCancel, { once: true });
  });
  try {
    return await Promise.race([call(controller.signal), expired]);
  } catch (err) {
    // Whichever rejects first, a call cut off by the timer or Ctrl-C reads as such, not as an AbortError.
    throw controller.signal.aborted ? controller.signal.reason : err;
  } finally {
    clearTimeout(timer);
    if (onCancel) cancel?.removeEventListener('abort', onCancel);
  }
}
