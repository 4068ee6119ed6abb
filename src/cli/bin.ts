#!/usr/bin/env node
// The `pyat` executable: runs the CLI against the real process and sets the exit code.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
