import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { acquireProjectLock } from '../../../src/runtime/lock.js';

describe('the per-project lock', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pyattest-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a second pyat waits while the first holds the lock, then gets it after release', async () => {
    const first = await acquireProjectLock('shop', { waitMs: 1000, dir });
    expect(await readFile(path.join(dir, 'shop.lock'), 'utf8')).toBe(`${process.pid}\n`);
    const waitedOn: number[] = [];
    const second = acquireProjectLock('shop', { waitMs: 5000, dir, pollMs: 5, onWait: (pid) => waitedOn.push(pid) });
    let got = false;
    void second.then(() => (got = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toBe(false);
    await first.release();
    const lock = await second;
    expect(waitedOn).toEqual([process.pid]);
    await lock.release();
    expect(existsSync(path.join(dir, 'shop.lock'))).toBe(false);
  });

  it('gives up with E_LOCKED (exit 3) naming the holder when it is held past waitMs', async () => {
    const held = await acquireProjectLock('shop', { waitMs: 0, dir });
    const err = await acquireProjectLock('shop', { waitMs: 30, dir, pollMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect(err).toMatchObject({
      code: 'E_LOCKED',
      exitCode: 3,
      message: `another pyat (pid ${process.pid}) is changing project shop`,
      hint: 'wait for it to finish, or stop it',
    });
    await held.release();
  });

  it('a wait ends at once with E_INTERRUPTED (exit 130) naming the lock when the signal aborts', async () => {
    const held = await acquireProjectLock('shop', { waitMs: 0, dir });
    const ctl = new AbortController();
    const waiting = acquireProjectLock('shop', {
      waitMs: 60_000,
      dir,
      pollMs: 60_000,
      signal: ctl.signal,
      onWait: () => {
        setTimeout(() => {
          ctl.abort();
        }, 10);
      },
    });
    const err = await waiting.catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'E_INTERRUPTED',
      exitCode: 130,
      message: `interrupted while waiting for the lock of project shop held by pid ${process.pid}`,
    });
    expect(await readFile(path.join(dir, 'shop.lock'), 'utf8')).toBe(`${process.pid}
`);
    await held.release();
  });

  it('takes over a stale lock left by a dead pyat', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await writeFile(path.join(dir, 'shop.lock'), `${dead}\n`);
    let waited = false;
    const lock = await acquireProjectLock('shop', { waitMs: 0, dir, onWait: () => (waited = true) });
    expect(waited).toBe(false);
    expect(await readFile(path.join(dir, 'shop.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });

  it('release leaves alone a lock that is no longer ours', async () => {
    const lock = await acquireProjectLock('shop', { waitMs: 0, dir });
    await writeFile(path.join(dir, 'shop.lock'), '1\n');
    await lock.release();
    expect(await readFile(path.join(dir, 'shop.lock'), 'utf8')).toBe('1\n');
  });

  it('locks of different projects do not block each other', async () => {
    const x = await acquireProjectLock('x', { waitMs: 0, dir });
    const y = await acquireProjectLock('y', { waitMs: 0, dir });
    await Promise.all([x.release(), y.release()]);
  });
});
