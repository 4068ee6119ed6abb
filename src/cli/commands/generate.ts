// `pyat generate [--target T] [--check] [-o PATH]`: writes a target's files from the registry, or
// checks that the committed ones are current (for CI). Targets decide (src/targets/); this only
// compares and writes. A directory target owns only the files that carry pyat's header: others in
// the directory (hand-written manifests, secrets.env) are never touched.

import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { isGeneratedBy } from '../../targets/header.js';
import { TARGET_NAMES, targetNamed } from '../../targets/index.js';
import type { GeneratedFile, TargetOptions } from '../../targets/types.js';
import { println, eprintln, type CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';

/** A file whose text on disk differs from the target's: `current` undefined when missing, `text` undefined when no longer generated. */
interface Change {
  path: string;
  current?: string;
  text?: string;
}

/** Writes (or with --check, compares) a target's files. Exit 1 when --check finds any stale. */
export default async function generate(ctx: CommandContext, _args: string[], opts: Record<string, unknown>): Promise<number> {
  const name = (opts.target as string | undefined) ?? 'compose';
  const target = targetNamed(name);
  if (!target) throw new UsageError(`"${name}" is not a target`, `use one of ${TARGET_NAMES.join(', ')}`);
  const registry = await loadForCommand(ctx, { checkEnv: false });
  const out = path.resolve(ctx.cwd, (opts.output as string | undefined) ?? target.defaultOutput(registry.baseDir));
  const files = target.render(registry, { out, profiles: ctx.options.profiles, ...(targetOptions(opts) as Partial<TargetOptions>) });
  const owned = target.layout === 'dir' ? await ownedFiles(out, target.command) : [];
  const changes = await changesOf(files, owned);
  const shown = (p: string) => path.relative(ctx.cwd, p) || p;
  if (opts.check) return report(ctx, shown(target.layout === 'dir' ? out : (files[0]?.path ?? out)), changes, shown, target.command);
  for (const c of changes) {
    if (c.text === undefined) await rm(c.path);
    else {
      await mkdir(path.dirname(c.path), { recursive: true });
      await writeFile(c.path, c.text);
    }
  }
  const what = target.layout === 'dir' ? `${files.length} files in ${shown(out)}` : `${shown(out)} (${registry.services.size} services)`;
  if (ctx.options.json)
    println(ctx, JSON.stringify({ file: shown(out), services: registry.services.size, changed: changes.map((c) => shown(c.path)) }));
  else println(ctx, `wrote ${what}`);
  return 0;
}

/** The k8s options, as given (commander leaves absent ones undefined). */
function targetOptions(opts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({ wait: opts.wait, waitImage: opts.waitImage, kubectlImage: opts.kubectlImage, storage: opts.storage }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

/** The files under `dir` (recursively) that carry the header of `command`. */
async function ownedFiles(dir: string, command: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const read = await Promise.all(files.map(async (f) => ({ f, text: await readFile(f, 'utf8') })));
  return read
    .filter((r) => isGeneratedBy(r.text, command))
    .map((r) => r.f)
    .sort();
}

/** What differs between the target's files and the disk, including owned files no longer generated. */
async function changesOf(files: readonly GeneratedFile[], owned: readonly string[]): Promise<Change[]> {
  const changes: Change[] = [];
  for (const f of files) {
    const current = await readFile(f.path, 'utf8').catch(() => undefined);
    if (current !== f.text) changes.push({ path: f.path, text: f.text, ...(current !== undefined ? { current } : {}) });
  }
  const wanted = new Set(files.map((f) => f.path));
  for (const p of owned) if (!wanted.has(p)) changes.push({ path: p, current: await readFile(p, 'utf8') });
  return changes;
}

async function report(
  ctx: CommandContext,
  file: string,
  changes: readonly Change[],
  shown: (p: string) => string,
  run: string,
): Promise<number> {
  if (ctx.options.json) {
    const exists = !changes.some((c) => c.current === undefined);
    println(
      ctx,
      JSON.stringify({
        file,
        fresh: changes.length === 0,
        exists,
        ...(changes.length > 1 ? { stale: changes.map((c) => shown(c.path)) } : {}),
      }),
    );
  }
  if (changes.length === 0) {
    if (!ctx.options.json) println(ctx, `${file} is up to date`);
    return 0;
  }
  const { createPatch } = await import('diff');
  for (const c of changes) {
    const name = shown(c.path);
    if (c.current === undefined) eprintln(ctx, `${name} does not exist; run \`${run}\` and commit it`);
    else if (c.text === undefined) eprintln(ctx, `${name} is no longer generated; run \`${run}\` to remove it`);
    else {
      eprintln(ctx, `${name} is stale: the registry changed since it was generated; run \`${run}\` and commit it`);
      eprintln(ctx, createPatch(name, c.current, c.text, 'on disk', 'from the registry').split('\n').slice(2, 60).join('\n'));
    }
  }
  return 1;
}
