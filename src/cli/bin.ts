#!/usr/bin/env node
// The `pyat` executable: runs the CLI against the real process and sets the exit code.
// `pyat --version` alone (how installs and CI steps check pyat) is answered before the command
// line parser and the rest of the CLI load: it prints what commander would, at node's own start-up cost.
import { VERSION } from './version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(args, {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
