// `pyat status [SERVICE...]`: what really runs, how healthy it is right now, and where it drifted
// from the registry. Needs the engine only (not Compose, whose start-up alone costs more than the
// whole report); the engine, the probes and the renderers load only once they are needed.

import { appendFile } from 'node:fs/promises';
import { EnvironmentError, ExitCode, UsageError } from '../../errors.js';
import { dependencyClosure } from '../../plan/closure.js';
import { loadVariables } from '../../registry/interpolate.js';
import type { Registry } from '../../registry/model.js';
import { scrub, scrubbingStream, secretValues } from '../../report/secrets.js';
import { collectStatus, type ProbeFor } from '../../status/collect.js';
import type { StatusReport, StatusUnavailable } from '../../status/types.js';
import type { Engine } from '../../runtime/types.js';
import { eprintln, println, useColor, type CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';

/** Options of `status` (commander's camel-cased flags). */
interface StatusOptions {
  format?: string;
  /** `true` for `--watch` alone, else the interval in ms. */
  watch?: true | number;
  summary?: boolean;
  probeTimeout?: number;
}

type Format = 'table' | 'json' | 'markdown';
const FORMATS: readonly Format[] = ['table', 'json', 'markdown'];
// Short enough that a hung service cannot stall the report, long enough for a loaded laptop.
const PROBE_TIMEOUT_MS = 2000;
const WATCH_INTERVAL_MS = 2000;

/** Reports the selected services; exit 0 when every one is healthy, 1 when not, 3 when the engine cannot be asked. */
export default async function status(rawCtx: CommandContext, names: string[], opts: StatusOptions): Promise<number> {
  const format = formatOf(rawCtx, opts);
  const registry = await loadForCommand(rawCtx, { checkEnv: false });
  if (names.length > 0) dependencyClosure(registry, names); // an unknown name is a usage error (exit 2), before any I/O
  const vars = loadVariables(registry.baseDir, rawCtx.env);
  const secrets = secretValues(registry, vars);
  const ctx: CommandContext = {
    ...rawCtx,
    stdout: scrubbingStream(rawCtx.stdout, secrets),
    stderr: scrubbingStream(rawCtx.stderr, secrets),
  };
  if (format === 'json') ctx.options = { ...ctx.options, json: true };

  let probes: Promise<ProbeFor> | undefined;
  const loadProbes = (): Promise<ProbeFor> =>
    (probes ??= import('../../launch/probe-for.js').then(({ probeFactory }) =>
      probeFactory(vars, { attemptTimeoutMs: opts.probeTimeout ?? PROBE_TIMEOUT_MS, engine: () => engine }),
    ));
  // The probes and their drivers load while the engine is asked: together they are most of what status compiles.
  void loadProbes();
  void import('../../probes/index.js').then(({ preloadDrivers }) =>
    preloadDrivers([...registry.services.values()].map((s) => s.health.type)),
  );
  const { createDockerEngine } = await import('../../runtime/docker-engine.js');
  let engine: Engine | undefined;
  // What every look of a watch learns: once a run has answered ready, failing again is unhealthy, not starting.
  const startedUp = new Set<string>();
  const observe = async (signal?: AbortSignal): Promise<StatusReport | StatusUnavailable> =>
    unlessUnreachable(registry, async () => {
      // No ping first: listing the containers is the one call, and it fails just as clearly.
      engine ??= await createDockerEngine(ctx.env);
      return collectStatus(
        registry,
        { names, profiles: ctx.options.profiles, vars },
        { engine, probes: loadProbes, now: Date.now },
        signal,
        startedUp,
      );
    });

  if (opts.watch !== undefined) {
    const { watchStatus } = await import('../status-watch.js');
    return watchStatus(ctx, observe, opts.watch === true ? WATCH_INTERVAL_MS : opts.watch);
  }
  const result = await observe();
  await print(ctx, format, result);
  if (opts.summary) await appendSummary(ctx, result, secrets);
  if ('error' in result) return ExitCode.environment;
  return result.healthy === result.total ? ExitCode.ok : ExitCode.unhealthy;
}

function formatOf(ctx: CommandContext, opts: StatusOptions): Format {
  const format = (opts.format ?? (ctx.options.json ? 'json' : 'table')) as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format ${opts.format} is not a format of pyat status`, `use one of: ${FORMATS.join(', ')}`);
  if (ctx.options.json && format !== 'json') throw new UsageError(`--json and --format ${format} ask for two formats`, 'give one of them');
  if (opts.watch !== undefined && format === 'markdown')
    throw new UsageError('--watch shows a table or JSON lines, not Markdown', 'drop --format markdown, or --watch');
  if (opts.watch !== undefined && opts.summary)
    throw new UsageError('--summary writes one report; it cannot follow --watch', 'run `pyat status --summary` once, without --watch');
  return format;
}

// An engine that cannot be reached is an answer of its own: one line, exit 3 — never a stack.
async function unlessUnreachable(registry: Registry, look: () => Promise<StatusReport>): Promise<StatusReport | StatusUnavailable> {
  try {
    return await look();
  } catch (err) {
    if (!(err instanceof EnvironmentError)) throw err;
    return { project: registry.name, error: { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) } };
  }
}

// JSON and Markdown are read as the report itself, so an unreachable engine is said there; the
// table is for people, and a failure goes to stderr as every other pyat error does.
async function print(ctx: CommandContext, format: Format, result: StatusReport | StatusUnavailable): Promise<void> {
  if (format === 'json') {
    const { renderStatusJson } = await import('../../report/status-json.js');
    println(ctx, renderStatusJson(result));
    return;
  }
  if (format === 'markdown') {
    const { renderStatusMarkdown, renderStatusUnavailableMarkdown } = await import('../../report/status-markdown.js');
    return void ctx.stdout.write('error' in result ? renderStatusUnavailableMarkdown(result) : renderStatusMarkdown(result));
  }
  const [{ renderStatusTable, renderStatusUnavailable }, { styler }] = await Promise.all([
    import('../../report/status-table.js'),
    import('../../report/style.js'),
  ]);
  if ('error' in result) {
    eprintln(ctx, renderStatusUnavailable(result));
    return;
  }
  for (const line of renderStatusTable(result, styler(useColor(ctx)), ctx.stdout.isTTY ? ctx.stdout.columns : undefined))
    println(ctx, line);
}

// GitHub Actions shows $GITHUB_STEP_SUMMARY as the job's summary; secrets are scrubbed there too.
async function appendSummary(ctx: CommandContext, result: StatusReport | StatusUnavailable, secrets: readonly string[]): Promise<void> {
  const file = ctx.env.GITHUB_STEP_SUMMARY;
  if (!file) {
    eprintln(ctx, 'pyat status: --summary: GITHUB_STEP_SUMMARY is not set; no summary written');
    return;
  }
  const { renderStatusMarkdown, renderStatusUnavailableMarkdown } = await import('../../report/status-markdown.js');
  const markdown = 'error' in result ? renderStatusUnavailableMarkdown(result) : renderStatusMarkdown(result);
  await appendFile(file, scrub(markdown, secrets));
}
