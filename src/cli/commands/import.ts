// `pyat import`: reads a team's Compose files and writes one registry, secrets turned into ${VAR},
// an .env.example and a report of every decision. Exit 0 (written, and the registry validates),
// 1 (written, but a person must look: a conflict, or with --strict a dropped key), 2 (nothing written).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, type Problem, formatProblem } from '../../errors.js';
import { defaultComposeFiles } from '../../import/discover.js';
import { envOutText } from '../../import/env-files.js';
import { runImport } from '../../import/pipeline.js';
import { formatEntry, formatEntryJson, needsPerson, type ReportEntry } from '../../import/report.js';
import { writeAllOrNothing, type OutputFile } from '../../import/write.js';
import { displayPath } from '../../registry/load.js';
import { type CommandContext, eprintln, println } from '../context.js';

/** Imports Compose files into a registry. */
export default async function importCompose(ctx: CommandContext, _args: string[], opts: Record<string, unknown>): Promise<number> {
  const show = (p: string) => displayPath(p, ctx.cwd);
  const given = ctx.options.files.map((f) => path.resolve(ctx.cwd, f));
  const files = given.length > 0 ? given : defaultComposeFiles(ctx.cwd);
  if (files.length === 0)
    throw problem('no Compose file here (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml)', 'pass them with -f');

  const output = path.resolve(ctx.cwd, (opts.output as string | undefined) ?? 'services.yaml');
  const result = runImport({
    files,
    read: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
    display: show,
    output,
    ...(typeof opts.name === 'string' ? { name: opts.name } : {}),
  });
  if ('problems' in result) throw new InputError(result.problems, 'the Compose files cannot be imported');

  const json = ctx.options.json;
  const reportText = result.entries.map(json ? formatEntryJson : formatEntry).join('\n') + (result.entries.length > 0 ? '\n' : '');
  const reportPath = typeof opts.report === 'string' && opts.report !== '-' ? path.resolve(ctx.cwd, opts.report) : undefined;
  const outputs: OutputFile[] = [
    { path: output, text: result.registryText },
    {
      path: path.resolve(ctx.cwd, (opts.envExample as string | undefined) ?? path.join(path.dirname(output), '.env.example')),
      text: result.envExampleText,
    },
  ];
  if (reportPath) outputs.push({ path: reportPath, text: reportText });
  if (typeof opts.envOut === 'string')
    outputs.push({ path: path.resolve(ctx.cwd, opts.envOut), text: envOutText(result.secrets), mode: 0o600 });

  const exists = outputs.filter((o) => existsSync(o.path));
  if (exists.length > 0 && !opts.force && !opts.dryRun) {
    throw new InputError(
      exists.map((o) => ({
        message: `${show(o.path)} exists; nothing was written`,
        hint: 'pass --force to overwrite it, or -o another path',
        severity: 'error',
      })),
      'an output exists',
    );
  }
  const clash = new Set(outputs.map((o) => o.path)).size !== outputs.length || files.some((f) => outputs.some((o) => o.path === f));
  if (clash)
    throw problem(
      'two outputs (or an output and an input) are the same file',
      'give -o, --env-example, --report and --env-out distinct paths',
    );

  if (!reportPath) ctx.stdout.write(reportText);
  const needs = needsPerson(result.entries, Boolean(opts.strict));
  if (opts.dryRun) {
    summary(ctx, result.entries, outputs, 'would write', show);
    return needs ? 1 : 0;
  }
  await writeAllOrNothing(outputs);
  summary(ctx, result.entries, outputs, 'wrote', show);

  const invalid = await validationProblems(ctx, output);
  if (invalid.length > 0) {
    eprintln(ctx, `${show(output)} was written, but pyat validate refuses it:`);
    for (const p of invalid) eprintln(ctx, `  ${formatProblem(p)}`);
    return 1;
  }
  return needs ? 1 : 0;
}

function problem(message: string, hint: string): InputError {
  return new InputError([{ message, hint, severity: 'error' }], message);
}

/** The counts by action and what was (or would be) written, on stderr (or as one JSON object). */
function summary(ctx: CommandContext, entries: ReportEntry[], outputs: OutputFile[], verb: string, show: (p: string) => string): void {
  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.action] = (counts[e.action] ?? 0) + 1;
  if (ctx.options.json) {
    println(
      ctx,
      JSON.stringify({ summary: { [verb === 'wrote' ? 'written' : 'wouldWrite']: outputs.map((o) => show(o.path)), actions: counts } }),
    );
    return;
  }
  const tally = Object.entries(counts)
    .map(([a, n]) => `${n} ${a}`)
    .join(', ');
  eprintln(ctx, `${verb} ${outputs.map((o) => show(o.path)).join(', ')}; ${entries.length} decisions: ${tally}`);
}

/** What `pyat validate` would say against the written registry (without the environment checks). */
async function validationProblems(ctx: CommandContext, registry: string): Promise<Problem[]> {
  const { loadRegistry } = await import('../../registry/load.js');
  try {
    await loadRegistry([registry], { cwd: ctx.cwd, env: ctx.env, checkEnv: false });
    return [];
  } catch (err) {
    if (err instanceof InputError) return err.problems.filter((p) => p.severity === 'error');
    throw err;
  }
}
