// Ctrl-C while `up` waits for another pyat's lock. `up` pings the engine before it asks for the
// lock, so this needs a live engine, but nothing is created: the wait ends before Compose runs.

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDocker } from '../support/docker.js';
import { demoStack, spawnPyat, type TestStack } from '../support/pyat.js';
import { engineView, requireBuiltCli } from './up-helpers.js';

const docker = await requireDocker();

describe.skipIf(!docker.ok)('Ctrl-C during the lock wait', () => {
  let stack: TestStack | undefined;
  beforeAll(async () => {
    stack = await demoStack('lock-int');
  });
  afterAll(async () => {
    await stack?.destroy();
  });

  it('up waiting for the lock of a live holder ends at SIGINT: exit 130, the lock named, the holder keeps it', async () => {
    requireBuiltCli();
    // The holder: a live process whose pid is in the project's lock file, as another pyat's would be.
    const holder = execa('node', ['-e', 'setInterval(() => {}, 60_000)']);
    const lockFile = path.join(os.tmpdir(), 'pyat-locks', `${stack!.project}.lock`);
    let child: ReturnType<typeof spawnPyat> | undefined;
    try {
      await mkdir(path.dirname(lockFile), { recursive: true });
      await writeFile(lockFile, `${holder.pid}\n`);
      child = spawnPyat(['-f', stack!.file, 'up'], { cwd: stack!.dir });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      for (let i = 0; i < 300 && !err.includes('waiting for it'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(err).toContain(`another pyat (pid ${holder.pid}) is changing project ${stack!.project}; waiting for it`);

      child.kill('SIGINT');
      // Bounded: it must end on the signal while the lock is still held (the holder never lets go).
      const state = { ended: false };
      void child.finally(() => (state.ended = true)).catch(() => undefined);
      for (let i = 0; i < 50 && !state.ended; i++) await new Promise((r) => setTimeout(r, 100));
      expect(state.ended, `still running after the SIGINT:\n${err}`).toBe(true);
      const r = await child;
      expect(r.exitCode, String(r.stderr)).toBe(130);
      expect(String(r.stderr)).toContain(`interrupted while waiting for the lock of project ${stack!.project} held by pid ${holder.pid}`);
      expect(await readFile(lockFile, 'utf8')).toBe(`${holder.pid}\n`);
      expect(await engineView(stack!.project)).toEqual([]);
    } finally {
      child?.kill('SIGKILL'); // only when the test failed: a pyat left waiting would wait 10 minutes
      await child?.catch(() => undefined);
      holder.kill();
      await holder.catch(() => undefined);
      await rm(lockFile, { force: true });
    }
  });
});
