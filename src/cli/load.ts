// Loading the registry for a command: the `-f` files, the process environment, warnings on stderr.

import type { Registry } from '../registry/model.js';
import { registryCacheFor } from '../registry/cache.js';
import { loadRegistry } from '../registry/load.js';
import { formatProblem, UsageError } from '../errors.js';
import { PROJECT_NAME } from '../registry/names.js';
import { eprintln, type CommandContext } from './context.js';

/** Loads and validates the registry named by `-f`; throws InputError (exit 2) on any problem. */
export async function loadForCommand(ctx: CommandContext, opts: { checkEnv: boolean }): Promise<Registry> {
  const { registry, warnings } = await loadRegistry(ctx.options.files, {
    cwd: ctx.cwd,
    env: ctx.env,
    checkEnv: opts.checkEnv,
    // `validate` reads the files afresh every time: it does not come through here.
    cache: registryCacheFor(ctx.env),
  });
  for (const w of warnings) eprintln(ctx, formatProblem(w));
  if (ctx.options.projectName) {
    // `-p` names files (compose/.pyat/<name>.yml) and Compose projects as `name:` does: the same rule, or `../` escapes.
    if (!PROJECT_NAME.test(ctx.options.projectName)) {
      throw new UsageError(
        `-p ${JSON.stringify(ctx.options.projectName)} is not a project name`,
        'use lowercase letters, digits, _ and -, starting with a letter or digit',
      );
    }
    registry.name = ctx.options.projectName;
  }
  return registry;
}
