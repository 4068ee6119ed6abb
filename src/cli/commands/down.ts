// `pyat down [--volumes] [--timeout]`: stops and removes this project's containers and networks
// through Compose, which stops dependents first. Volumes stay unless --volumes is given.

import { readFileSync } from 'node:fs';
import { composeProjectFor } from '../../launch/compose-project.js';
import { println, eprintln, type CommandContext } from '../context.js';
import { withInterrupt } from '../interrupt.js';
import { loadForCommand } from '../load.js';

/** Options of `down`. */
interface DownOptions {
  volumes?: boolean;
  timeout?: number;
}

/** Takes the project down; never touches another project's containers, networks or volumes. */
export default async function down(ctx: CommandContext, _args: string[], opts: DownOptions): Promise<number> {
  const registry = await loadForCommand(ctx, { checkEnv: false });
  const { connectRuntime, acquireProjectLock } = await import('../../runtime/index.js');
  // Ctrl-C ends every wait (engine, lock, Compose, the pause between retries) with exit 130 and where it was.
  return withInterrupt(async (signal) => {
    const { engine, compose } = await connectRuntime(ctx.env, signal);
    const lock = await acquireProjectLock(registry.name, {
      waitMs: 60_000,
      signal,
      // `down` means "I want it gone": an `up` waiting minutes for a slow service must not make it wait too.
      onWait: (pid) => {
        eprintln(
          ctx,
          interruptPyat(pid)
            ? `pyat (pid ${pid}) is changing project ${registry.name}; interrupting it (SIGTERM, as Ctrl-C would) before taking the project down`
            : `another process (pid ${pid}) holds the lock of project ${registry.name}; waiting for it`,
        );
      },
    });
    try {
      const before = await engine.listProject(registry.name);
      const project = await composeProjectFor(registry, compose, engine);
      const timeoutSeconds = opts.timeout === undefined ? undefined : Math.max(0, Math.round(opts.timeout / 1000));
      await compose.down(project, { volumes: Boolean(opts.volumes), ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}) });
      const removed = before.map((c) => c.service);
      if (ctx.options.json) println(ctx, JSON.stringify({ project: registry.name, removed, volumesRemoved: Boolean(opts.volumes) }));
      else {
        println(
          ctx,
          removed.length > 0
            ? `removed ${removed.length} containers of ${registry.name}: ${removed.join(', ')}`
            : `nothing of ${registry.name} was running`,
        );
        println(ctx, opts.volumes ? 'volumes removed' : 'volumes kept (use --volumes to remove them)');
      }
      return 0;
    } finally {
      await lock.release();
    }
  });
}

// Signals the lock holder only when it is visibly pyat (argv[1] is the `pyat` link, dist/cli/pyat.cjs
// or dist/cli/bin.js): a pid read from a lock file left by a killed pyat may since belong to an
// unrelated process. Without /proc, waits.
function interruptPyat(pid: number): boolean {
  try {
    const script = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] ?? '';
    if (!/(^|\/)pyat$|\/cli\/(bin\.js|pyat\.cjs)$/.test(script)) return false;
    process.kill(pid, 'SIGTERM');
    return true;
  } catch {
    return false;
  }
}
