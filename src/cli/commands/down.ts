// `pyat down [--volumes] [--timeout]`: stops and removes this project's containers and networks
// through Compose, which stops dependents first. Volumes stay unless --volumes is given.

import { writeComposeProject } from '../../launch/compose-project.js';
import { println, eprintln, type CommandContext } from '../context.js';
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
  const { engine, compose } = await connectRuntime(ctx.env);
  const lock = await acquireProjectLock(registry.name, {
    waitMs: 60_000,
    onWait: (pid) => eprintln(ctx, `another pyat (pid ${pid}) is changing project ${registry.name}; waiting for it`),
  });
  try {
    const before = await engine.listProject(registry.name);
    const project = await writeComposeProject(registry, compose.cli.kind === 'v1' ? 'v1' : 'spec');
    const timeoutSeconds = opts.timeout === undefined ? undefined : Math.max(0, Math.round(opts.timeout / 1000));
    await compose.down(project, { volumes: Boolean(opts.volumes), ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}) });
    const removed = before.map((c) => c.service);
    if (ctx.options.json) println(ctx, JSON.stringify({ project: registry.name, removed, volumesRemoved: Boolean(opts.volumes) }));
    else {
      println(ctx, removed.length > 0 ? `removed ${removed.length} containers of ${registry.name}: ${removed.join(', ')}` : `nothing of ${registry.name} was running`);
      println(ctx, opts.volumes ? 'volumes removed' : 'volumes kept (use --volumes to remove them)');
    }
    return 0;
  } finally {
    await lock.release();
  }
}
