// Compose's words work where pyat has the same command under another name.

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
});
