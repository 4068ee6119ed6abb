// `pyat up [SERVICE...]`: preflight, let Compose create what the registry declares (only when
// something is missing or out of date), then start each service once what its gate waits for
// is healthy. The work itself is launch/bring-up.ts, shared with `smoke` and `restart`.

import type { Gate } from '../../plan/gate.js';
import type { BuildPolicy } from '../../runtime/types.js';
import type { CommandContext } from '../context.js';
import { runLaunchCommand } from '../launch-command.js';
import { prepareLaunch } from '../prepare-launch.js';

/** Options of `up` (commander's camel-cased flags). */
interface UpOptions {
  timeout?: number;
  build?: boolean;
  downOnFailure?: boolean;
  gate?: Gate;
}

/** Brings the closure of the named services (all when none) up; exit 0 healthy, 1 not, 2/3 before anything starts. */
export default async function up(rawCtx: CommandContext, services: string[], opts: UpOptions): Promise<number> {
  const prepared = await prepareLaunch(rawCtx, services);
  const build: BuildPolicy = opts.build === true ? 'always' : opts.build === false ? 'never' : 'missing';
  return runLaunchCommand(prepared, { build, gate: opts.gate, timeout: opts.timeout, downOnFailure: opts.downOnFailure });
}
