// One pyat at a time per project: two `pyat up` on the same project would both create, start and
// remove the same containers. A lock file holding the owner's pid; a dead owner's lock is taken over.

import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError, InterruptedError } from '../errors.js';

/** How long to wait for another holder, and where locks live (default: `<tmpdir>/pyat-locks`). */
export interface LockOptions {
  waitMs: number;
  onWait?: (holderPid: number) => void;
  dir?: string;
  /** Poll period while another pyat holds the lock. */
  pollMs?: number;
  /** The command's cancellation (Ctrl-C): ends the wait at once with E_INTERRUPTED. */
  signal?: AbortSignal;
}

/** A held lock. */
export interface ProjectLock {
  release(): Promise<void>;
}

// A lock file still empty after this long was left by a pyat that died between create and write.
const EMPTY_LOCK_STALE_MS = 2_000;

/** Takes the project's lock, waiting up to `waitMs` for a live holder; throws E_LOCKED after that, E_INTERRUPTED when `signal` aborts. */
export async function acquireProjectLock(project: string, opts: LockOptions): Promise<ProjectLock> {
  const dir = opts.dir ?? path.join(os.tmpdir(), 'pyat-locks');
  const file = path.join(dir, `${project.replace(/[^A-Za-z0-9_.-]/g, '_')}.lock`);
  await mkdir(dir, { recursive: true });
  const deadline = Date.now() + opts.waitMs;
  let told = false;
  for (;;) {
    if (await tryCreate(file)) return held(file);
    const holder = await readHolder(file);
    if (holder === 'gone') continue;
    if (holder === 'stale' || !isAlive(holder)) {
      await removeIfStill(file, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new EnvironmentError(
        'E_LOCKED',
        `another pyat (pid ${holder}) is changing project ${project}`,
        'wait for it to finish, or stop it',
      );
    }
    if (!told) opts.onWait?.(holder);
    told = true;
    const interrupted = `interrupted while waiting for the lock of project ${project} held by pid ${holder}`;
    if (opts.signal?.aborted) throw new InterruptedError(interrupted);
    await sleep(Math.min(opts.pollMs ?? 100, Math.max(1, deadline - Date.now())), undefined, { signal: opts.signal }).catch(() => {
      throw new InterruptedError(interrupted);
    });
  }
}

// `wx` fails with EEXIST when the file exists: creating it is the atomic test-and-set.
async function tryCreate(file: string): Promise<boolean> {
  try {
    const fh = await open(file, 'wx');
    try {
      await fh.writeFile(`${process.pid}\n`);
    } finally {
      await fh.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

// The holder's pid; 'gone' when released meanwhile; 'stale' when empty or garbage for too long.
async function readHolder(file: string): Promise<number | 'gone' | 'stale'> {
  try {
    const pid = Number.parseInt(await readFile(file, 'utf8'), 10);
    if (pid > 0) return pid;
    const age = Date.now() - (await stat(file)).mtimeMs;
    return age > EMPTY_LOCK_STALE_MS ? 'stale' : 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
}

// Signal 0 checks existence only. EPERM: alive, but another user's. Pid 0: a holder still writing.
function isAlive(pid: number): boolean {
  if (pid === 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Re-read just before removing, so a lock another pyat took over meanwhile is left alone.
async function removeIfStill(file: string, holder: number | 'stale'): Promise<void> {
  const now = await readHolder(file);
  if (now !== holder) return;
  await unlink(file).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  });
}

function held(file: string): ProjectLock {
  const mine = (): boolean => {
    try {
      return Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid;
    } catch {
      return false;
    }
  };
  // Best effort on exit: 'exit' handlers must be synchronous. A SIGKILL leaves the file, which the
  // next pyat takes over because this pid is dead by then.
  const onExit = (): void => {
    try {
      if (mine()) unlinkSync(file);
    } catch {
      // exiting anyway: a leftover file is taken over later as stale
    }
  };
  process.once('exit', onExit);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      if (mine()) await unlink(file).catch(() => undefined);
    },
  };
}
