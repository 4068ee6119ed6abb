// Runs the CLI in-process in a directory, with output captured (no Docker involved).

import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/main.js';

/** Runs pyat with `args` in `cwd` and returns its exit code and output. */
export async function runPyatIn(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await main(args, { cwd, env, stdout: out, stderr: err });
  return { code, stdout, stderr };
}
