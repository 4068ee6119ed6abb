// Runs the CLI in-process in a directory, with output captured (no Docker involved).

import { runPyat, type PyatRun } from '../../support/run-pyat.js';

/** Runs pyat with `args` in `cwd` and returns its exit code and output. */
export function runPyatIn(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<PyatRun> {
  return runPyat(args, { cwd, env });
}
