// `pyat validate`: load the registry with every check (the environment ones too) and say so.
// Problems arrive as one InputError, which the CLI boundary prints, one line each, exit 2.

import { formatProblem } from '../../errors.js';
import { loadRegistry } from '../../registry/load.js';
import { type CommandContext, eprintln, println } from '../context.js';

/** Validates the registry; prints warnings and a one-line summary. */
export default async function validate(ctx: CommandContext): Promise<number> {
  const { registry, warnings } = await loadRegistry(ctx.options.files, { cwd: ctx.cwd, env: ctx.env, checkEnv: true });
  const count = registry.services.size;
  if (ctx.options.json) {
    println(ctx, JSON.stringify({ valid: true, services: count, warnings }));
    return 0;
  }
  for (const w of warnings) eprintln(ctx, formatProblem(w));
  const noun = count === 1 ? 'service' : 'services';
  const tail = warnings.length > 0 ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : '';
  println(ctx, `ok: ${count} ${noun}${tail} (${ctx.options.files.join(', ')})`);
  return 0;
}
