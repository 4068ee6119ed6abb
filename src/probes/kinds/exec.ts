// `health: { type: exec, command }`: runs a command inside the container through the engine's
// exec API, ready when it exits 0 — Compose's healthcheck `test` (compose-spec "healthcheck"): a
// list is run as is, a string through `sh -c`. Needs no port at all, and works wherever the engine does.

import type * as z from 'zod/mini';
import { socketErrorVerdict, type Verdict } from '../attempt.js';
import type { ExecHealthSchema } from '../health-schemas.js';
import type { ProbeKind } from '../kind.js';
import type { ProbeTarget } from '../types.js';

// A shell's "cannot execute" and "not found": running it again will not help.
const HOPELESS_EXIT = new Set([126, 127]);
const MAX_DETAIL = 200;

/** The argv the engine runs: a list as is, a string through `sh -c` (as Compose's CMD-SHELL). */
export function execArgv(command: string | readonly string[]): string[] {
  return typeof command === 'string' ? ['sh', '-c', command] : [...command];
}

/** The exec kind. */
export const execKind: ProbeKind<'exec', z.infer<typeof ExecHealthSchema>> = {
  type: 'exec',
  defaultPort: null,
  resolve: (h) => ({ type: 'exec', command: h.command }),
  driver: (spec, target) => {
    const argv = execArgv(spec.command);
    return {
      target: `exec in ${target.host}: ${argv.join(' ')}`,
      secrets: target.secrets ?? [],
      attempt: (s) => runOnce(target, argv, s),
      classify: socketErrorVerdict,
    };
  },
  composeTest: (spec) => (typeof spec.command === 'string' ? ['CMD-SHELL', spec.command] : ['CMD', ...spec.command]),
};

async function runOnce(target: ProbeTarget, argv: string[], signal: AbortSignal): Promise<Verdict> {
  if (!target.exec) return { status: 'failed', detail: 'no engine to run the command through' };
  const { exitCode, output } = await target.exec(argv, signal);
  if (exitCode === 0) return { status: 'ready', detail: 'exit 0' };
  const said = lastWords(output);
  return { status: HOPELESS_EXIT.has(exitCode) ? 'failed' : 'pending', detail: `exit ${exitCode}${said ? `: ${said}` : ''}` };
}

/** The end of what the command printed, on one line: its last words are usually the reason. */
function lastWords(output: string): string {
  const line = output.replace(/\s+/g, ' ').trim();
  return line.length > MAX_DETAIL ? `…${line.slice(line.length - MAX_DETAIL + 1)}` : line;
}
