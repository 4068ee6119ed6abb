// Compose's words work where pyat has the same command under another name, or the same flag.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPyat } from '../../support/pyat.js';

const repo = path.resolve(import.meta.dirname, '../../..');
// No engine: both commands get as far as asking it, and must say the same thing.
const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock', NO_COLOR: '1' };
const file = ['-f', path.join(repo, 'examples/demo/services.yaml')];

describe('command aliases', () => {
  it('ps is status: the same help, and the same answer', async () => {
    const [status, ps] = await Promise.all([runPyat([...file, 'status', '--json'], { env }), runPyat([...file, 'ps', '--json'], { env })]);
    expect(status.code).toBe(3);
    expect([ps.code, ps.stdout, ps.stderr]).toEqual([status.code, status.stdout, status.stderr]);
    const help = await runPyat(['ps', '--help'], { env });
    expect(help.stdout).toMatch(/^Usage: pyat status\|ps \[options\] \[service\.\.\.\]/);
  });

  it('down -v is down --volumes, as in Compose; before the command, -v is the version', async () => {
    const [short, long] = await Promise.all([
      runPyat([...file, 'down', '-v', '--json'], { env }),
      runPyat([...file, 'down', '--volumes', '--json'], { env }),
    ]);
    // No engine here: both get as far as asking it, past parsing, and say the same.
    expect(short.code).toBe(3);
    expect([short.code, short.stdout, short.stderr]).toEqual([long.code, long.stdout, long.stderr]);
    const version = await runPyat(['-v'], { env });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runPyat(['down', '--help'], { env });
    expect(help.stdout).toContain('-v, --volumes');
  });

  it('up -d is up: pyat always returns once every service is healthy and leaves them running', async () => {
    const [detached, plain] = await Promise.all([
      runPyat([...file, 'up', '-d', '--json'], { env }),
      runPyat([...file, 'up', '--json'], { env }),
    ]);
    expect(detached.code).toBe(3);
    expect([detached.code, detached.stdout, detached.stderr]).toEqual([plain.code, plain.stdout, plain.stderr]);
  });
});
