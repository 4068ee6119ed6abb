// Ctrl-C and SIGTERM end a wait, not the process: the command sees its signal abort, reports the
// state it left things in, and returns exit code 130 through the CLI boundary.

import { sharedAbortController } from '../util/shared-abort.js';

/** Runs `fn` with a signal that aborts on SIGINT or SIGTERM; the handlers are removed afterwards. */
export async function withInterrupt<T>(fn: (signal: AbortSignal, interrupted: () => boolean) => Promise<T>): Promise<T> {
  const ctl = sharedAbortController();
  const onSignal = (name: NodeJS.Signals): void => ctl.abort(new Error(name));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await fn(ctl.signal, () => ctl.signal.aborted);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
