// `pyat up [SERVICE...]`: preflight, let Compose create what the registry declares (only when
// something is missing or out of date), then start the services tier by tier, each tier only
// when every probe below it passes. The work itself is launch/bring-up.ts, shared with `smoke`.

import { ExitCode } from '../../errors.js';
import { bringUp } from '../../launch/bring-up.js';
import { styler } from '../../report/style.js';
import { formatSummary } from '../../report/up-summary.js';
import type { BuildPolicy } from '../../runtime/types.js';
import { eprintln, println, useColor, type CommandContext } from '../context.js';
import { withInterrupt } from '../interrupt.js';
import { prepareLaunch } from '../prepare-launch.js';
import { eventSinkFor } from '../up-output.js';

/** Options of `up` (commander's camel-cased flags). */
interface UpOptions {
  timeout?: number;
  build?: boolean;
  downOnFailure?: boolean;
}

/** Brings the closure of the named services (all when none) up in tiers; exit 0 healthy, 1 not, 2/3 before anything starts. */
export default async function up(rawCtx: CommandContext, services: string[], opts: UpOptions): Promise<number> {
  const { registry, vars, ctx, plan } = await prepareLaunch(rawCtx, services);
  const build: BuildPolicy = opts.build === true ? 'always' : opts.build === false ? 'never' : 'missing';
  const info = (line: string): void => {
    if (!ctx.options.json) eprintln(ctx, line);
  };

  const runtime = await import('../../runtime/index.js');
  return withInterrupt(async (signal) => {
    // Every engine call, the lock wait and Compose end at Ctrl-C: up then reports where it was (exit 130).
    const engine = await runtime.connectEngine(ctx.env, signal);
    // The lock wait goes to stderr even with --json: minutes without a word would read as a hang.
    const io = { info, notice: (line: string) => eprintln(ctx, line), events: await eventSinkFor(ctx, plan) };
    const target = { registry, plan, vars, engine, env: ctx.env };
    const result = await bringUp(target, { build, timeout: opts.timeout, downOnFailure: opts.downOnFailure }, io, signal);
    if (ctx.options.json) println(ctx, JSON.stringify({ event: 'summary', project: registry.name, ...result }));
    else for (const line of formatSummary(result, styler(useColor(ctx)))) println(ctx, line);
    return result.status === 'healthy' ? ExitCode.ok : result.status === 'interrupted' ? ExitCode.interrupted : ExitCode.unhealthy;
  });
}
