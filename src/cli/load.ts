// Loading the registry for a command: the `-f` files, the process environment, warnings on stderr.

import type { Registry } from '../registry/model.js';
import { loadRegistry } from '../registry/load.js';
import { formatProblem } from '../errors.js';
import { eprintln, type CommandContext } from './context.js';

/** Loads and validates the registry named by `-f`; throws InputError (exit 2) on any problem. */
export async function loadForCommand(ctx: CommandContext, opts: { checkEnv: boolean }): Promise<Registry> {
  const { registry, warnings } = await loadRegistry(ctx.options.files, { cwd: ctx.cwd, env: ctx.env, checkEnv: opts.checkEnv });
  for (const w of warnings) eprintln(ctx, formatProblem(w));
  if (ctx.options.projectName) registry.name = ctx.options.projectName;
  return registry;
}
