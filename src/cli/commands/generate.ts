// `pyat generate [--check] [-o PATH]`: writes the Compose file from the registry, or checks that
// the committed one is current (for CI).

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildComposeModel, type ComposeTarget } from '../../compose/model.js';
import { defaultComposePath, renderComposeFile } from '../../compose/render.js';
import { println, eprintln, type CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';

/** Writes (or with --check, compares) the generated Compose file. Exit 1 when --check finds it stale. */
export default async function generate(ctx: CommandContext, _args: string[], opts: Record<string, unknown>): Promise<number> {
  const registry = await loadForCommand(ctx, { checkEnv: false });
  const out = path.resolve(ctx.cwd, (opts.output as string | undefined) ?? defaultComposePath(registry.baseDir));
  const outDir = path.dirname(out);
  const target = (opts.target as ComposeTarget | undefined) ?? 'spec';
  const text = renderComposeFile(buildComposeModel(registry, { outDir, target }), registry.files, outDir);
  const shown = path.relative(ctx.cwd, out) || out;
  if (opts.check) {
    const current = await readFile(out, 'utf8').catch(() => undefined);
    const fresh = current === text;
    if (ctx.options.json) println(ctx, JSON.stringify({ file: shown, fresh, exists: current !== undefined }));
    if (fresh) {
      if (!ctx.options.json) println(ctx, `${shown} is up to date`);
      return 0;
    }
    if (current === undefined) eprintln(ctx, `${shown} does not exist; run \`pyat generate\` and commit it`);
    else {
      const { createPatch } = await import('diff');
      eprintln(ctx, `${shown} is stale: the registry changed since it was generated; run \`pyat generate\` and commit it`);
      eprintln(ctx, createPatch(shown, current, text, 'on disk', 'from the registry').split('\n').slice(2, 60).join('\n'));
    }
    return 1;
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(out, text);
  if (ctx.options.json) println(ctx, JSON.stringify({ file: shown, services: registry.services.size }));
  else println(ctx, `wrote ${shown} (${registry.services.size} services)`);
  return 0;
}
