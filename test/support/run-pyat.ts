// Runs the pyat CLI in this process with its output captured: no Docker needed to use it.

import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

/** What one pyat run printed and returned. */
export interface PyatRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs pyat with `args` (in `cwd`, with `env`) and returns its exit code and output. */
export async function runPyat(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<PyatRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await main(args, { cwd: opts.cwd ?? process.cwd(), env: opts.env ?? process.env, stdout: out, stderr: err });
  return { code, stdout, stderr };
}
