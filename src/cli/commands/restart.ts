// `pyat restart [SERVICE...] [--no-deps]`: Compose's `restart` restarts a container and nothing
// around it, so its dependents keep dead connections. pyat stops the services and everything
// that depends on them, dependents first, then starts them again through the same scheduler and
// gate as `up`: each one only when what it depends on is healthy again. No name: the whole stack.

import type { Gate } from '../../plan/gate.js';
import type { CommandContext } from '../context.js';
import { runLaunchCommand } from '../launch-command.js';
import { prepareLaunch } from '../prepare-launch.js';

/** Options of `restart` (commander's camel-cased flags: `--no-deps` sets `deps: false`). */
interface RestartOptions {
  deps?: boolean;
  timeout?: number;
  gate?: Gate;
}

/** Restarts the named services (with their dependents unless --no-deps); the output and exit codes of `up`. */
export default async function restart(rawCtx: CommandContext, services: string[], opts: RestartOptions): Promise<number> {
  const prepared = await prepareLaunch(rawCtx, services, { dependents: opts.deps !== false });
  return runLaunchCommand(prepared, { build: 'missing', gate: opts.gate, timeout: opts.timeout, restart: prepared.wanted });
}
