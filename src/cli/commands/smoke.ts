// `pyat smoke [SERVICE...]`: the CI smoke-start step. Bring the stack up as `up` does, run the
// smoke checks the registry declares, write the report (terminal, --json, --junit, --summary),
// and take the project down again, volumes included — on success, on failure and on Ctrl-C.
// `--keep` leaves it running.

import os from 'node:os';
import { ExitCode } from '../../errors.js';
import { bringUp } from '../../launch/bring-up.js';
import type { LaunchEvent } from '../../launch/types.js';
import type { Gate } from '../../plan/gate.js';
import { styler } from '../../report/style.js';
import { writeOutputs } from '../../smoke/outputs.js';
import { runSmokeChecks } from '../../smoke/run-checks.js';
import { scrubDeep } from '../../smoke/scrub.js';
import { tearDown } from '../../smoke/teardown.js';
import { formatSmokeReport } from '../../smoke/text.js';
import { smokeStatus, type SmokeReport } from '../../smoke/types.js';
import { eprintln, println, useColor, type CommandContext } from '../context.js';
import { withInterrupt } from '../interrupt.js';
import { prepareLaunch } from '../prepare-launch.js';
import { eventSinkFor } from '../up-output.js';

// One request should answer in well under this once the stack is healthy.
const CHECK_TIMEOUT_MS = 5_000;
const LOG_LINES = 30;

/** Options of `smoke` (commander's camel-cased flags). */
interface SmokeOptions {
  timeout?: number;
  junit?: string;
  summary?: string;
  keep?: boolean;
  gate?: Gate;
}

/** What happened to the project at the end. */
type Teardown = { kept: true } | { removed: string[]; volumes: true } | { error: string } | { skipped: 'nothing was started' };

/** Up, checks, report, down; exit 0 all healthy and every check passed, 1 not, 2/3 before anything starts, 130 on Ctrl-C. */
export default async function smoke(rawCtx: CommandContext, services: string[], opts: SmokeOptions): Promise<number> {
  const startedAt = performance.now();
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { registry, vars, ctx, plan, selected, secrets } = await prepareLaunch(rawCtx, services);
  const info = (line: string): void => {
    if (!ctx.options.json) eprintln(ctx, line);
  };

  const runtime = await import('../../runtime/index.js');
  const engine = await runtime.connectEngine(ctx.env);
  return withInterrupt(async (signal) => {
    // Widened: the narrowing to `false` misses that the onChange callback below sets it.
    let changed = false as boolean;
    let report: SmokeReport | undefined;
    let teardown: Teardown = { skipped: 'nothing was started' };
    try {
      // --json prints one report at the end: no live events on stdout.
      const events = ctx.options.json
        ? () => ({ event: (_e: LaunchEvent) => undefined, close: () => undefined })
        : await eventSinkFor(ctx, plan);
      // The lock wait goes to stderr even with --json, as `up` does: minutes without a word would read as a hang.
      const io = { info, notice: (line: string) => eprintln(ctx, line), events, onChange: () => void (changed = true) };
      const target = { registry, plan, vars, engine, env: ctx.env };
      const launch = await bringUp(target, { build: 'missing', gate: opts.gate ?? registry.gate, timeout: opts.timeout }, io, signal);
      const upDone = performance.now();
      const logsOf = async (service: string): Promise<string[]> => {
        const id = launch.outcomes.find((o) => o.name === service)?.containerId;
        return id ? engine.logs(id, LOG_LINES) : [];
      };
      const checks = await runSmokeChecks([...selected.services.values()], launch, { logsOf, timeoutMs: CHECK_TIMEOUT_MS }, signal);
      const end = performance.now();
      const timings = { startMs: Math.round(upDone - startedAt), checksMs: Math.round(end - upDone), totalMs: Math.round(end - startedAt) };
      report = scrubDeep(
        { project: registry.name, status: smokeStatus(launch, checks), timestamp, hostname: os.hostname(), launch, checks, timings },
        secrets,
      );
      for (const line of await writeOutputs(report, { junit: opts.junit, summary: opts.summary }, secrets, ctx.cwd, ctx.env)) info(line);
      if (!ctx.options.json) for (const line of formatSmokeReport(report, styler(useColor(ctx)))) println(ctx, line);
    } finally {
      // Always, even when bring-up threw or Ctrl-C came: a CI runner must not keep the stack.
      if (changed && opts.keep) {
        teardown = { kept: true };
        info(`--keep: project ${registry.name} is left running; remove it with \`pyat down --volumes\``);
      } else if (changed) {
        info(`tearing down project ${registry.name} (containers, networks, volumes)`);
        teardown = await tearDown(registry, engine, ctx.env, (pid) =>
          eprintln(ctx, `another pyat (pid ${pid}) is changing project ${registry.name}; waiting for it`),
        ).then(
          (removed) => ({ removed, volumes: true as const }),
          (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }),
        );
        if ('error' in teardown) eprintln(ctx, `pyat: teardown of ${registry.name} failed: ${teardown.error}`);
      }
    }
    if (ctx.options.json) println(ctx, JSON.stringify({ ...report, teardown }));
    const code = report.status === 'passed' ? ExitCode.ok : report.status === 'interrupted' ? ExitCode.interrupted : ExitCode.unhealthy;
    // A stack left behind by a failed teardown fails the step even when every check passed.
    return code === ExitCode.ok && 'error' in teardown ? ExitCode.unhealthy : code;
  });
}
