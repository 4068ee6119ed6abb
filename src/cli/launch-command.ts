// What `up` and `restart` share: the same bring-up, live output, summary and exit codes. The
// commands differ only in what they ask for: `restart` names the services to stop and start again.

import { ExitCode } from '../errors.js';
import { bringUp } from '../launch/bring-up.js';
import type { Gate } from '../plan/gate.js';
import { styler } from '../report/style.js';
import { formatSummary } from '../report/up-summary.js';
import type { BuildPolicy } from '../runtime/types.js';
import { eprintln, println, useColor } from './context.js';
import { withInterrupt } from './interrupt.js';
import type { PreparedLaunch } from './prepare-launch.js';
import { eventSinkFor } from './up-output.js';

/** The options of a launch command. */
export interface LaunchCommandOptions {
  build: BuildPolicy;
  gate?: Gate | undefined;
  timeout?: number | undefined;
  downOnFailure?: boolean | undefined;
  restart?: readonly string[];
}

/** Brings the prepared launch up and reports it; exit 0 healthy, 1 not, 130 interrupted, 2/3 before anything starts. */
export async function runLaunchCommand(prepared: PreparedLaunch, opts: LaunchCommandOptions): Promise<number> {
  const { registry, vars, ctx, plan } = prepared;
  const info = (line: string): void => {
    if (!ctx.options.json) eprintln(ctx, line);
  };
  const runtime = await import('../runtime/index.js');
  return withInterrupt(async (signal) => {
    // Every engine call, the lock wait and Compose end at Ctrl-C: the command then reports where it was (exit 130).
    const engine = await runtime.connectEngine(ctx.env, signal);
    // The lock wait goes to stderr even with --json: minutes without a word would read as a hang.
    const notice = (line: string): void => {
      eprintln(ctx, line);
    };
    const io = { info, notice, events: await eventSinkFor(ctx, plan) };
    const target = { registry, plan, vars, engine, env: ctx.env };
    const { gate = registry.gate, ...rest } = opts;
    const result = await bringUp(target, { ...rest, gate }, io, signal);
    if (ctx.options.json) println(ctx, JSON.stringify({ event: 'summary', project: registry.name, gate, ...result }));
    else for (const line of formatSummary(result, styler(useColor(ctx)))) println(ctx, line);
    return result.status === 'healthy' ? ExitCode.ok : result.status === 'interrupted' ? ExitCode.interrupted : ExitCode.unhealthy;
  });
}
