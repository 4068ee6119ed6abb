// `pyat status --watch`: the report again every interval until Ctrl-C (exit 0). On a TTY the table
// is redrawn in place; elsewhere (logs, CI) only what changed is printed, one timestamped line each;
// with --json, the whole report as one line whenever something in it changes.

import { orphanDrift } from '../status/drift.js';
import { condition, healthLine } from '../status/summary.js';
import type { StatusReport, StatusUnavailable } from '../status/types.js';
import { renderStatusJson } from '../report/status-json.js';
import { systemClock, type Clock } from '../util/clock.js';
import { useColor, type CommandContext } from './context.js';
import { withInterrupt } from './interrupt.js';

/** One look at the stack; must end soon after `signal` aborts. */
export type Observe = (signal: AbortSignal) => Promise<StatusReport | StatusUnavailable>;

/** Observes every `intervalMs` until interrupted; returns 0 (ending a watch is not a failure). */
export async function watchStatus(ctx: CommandContext, observe: Observe, intervalMs: number, clock: Clock = systemClock): Promise<number> {
  const show = await viewFor(ctx, intervalMs);
  await withInterrupt(async (signal) => {
    while (!signal.aborted) {
      const started = clock.now();
      const result = await observe(signal);
      // A look cut short by Ctrl-C saw probes stop, not the stack: it is not shown.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- Ctrl-C may set it during the await
      if (signal.aborted) break;
      show.next(result);
      await clock.sleep(intervalMs - (clock.now() - started), signal);
    }
  });
  show.done();
  return 0;
}

interface View {
  next(result: StatusReport | StatusUnavailable): void;
  done(): void;
}

async function viewFor(ctx: CommandContext, intervalMs: number): Promise<View> {
  let last: StatusReport | StatusUnavailable | undefined;
  if (ctx.options.json) {
    return {
      next: (r) => {
        if (last === undefined || signature(last) !== signature(r)) ctx.stdout.write(`${renderStatusJson(r)}\n`);
        last = r;
      },
      done: () => undefined,
    };
  }
  if (!ctx.stdout.isTTY) {
    return {
      next: (r) => {
        for (const line of changeLines(last, r, new Date().toISOString())) ctx.stdout.write(`${line}\n`);
        last = r;
      },
      done: () => undefined,
    };
  }
  // Loaded only for a terminal: the line-per-change and JSON forms never need them.
  const [{ createLogUpdate }, { renderStatusTable, renderStatusUnavailable }, { styler }] = await Promise.all([
    import('log-update'),
    import('../report/status-table.js'),
    import('../report/style.js'),
  ]);
  const live = createLogUpdate(ctx.stdout);
  const c = styler(useColor(ctx));
  return {
    next: (r) => {
      const body = 'error' in r ? [renderStatusUnavailable(r)] : renderStatusTable(r, c, ctx.stdout.columns);
      const footer = c.dim(`every ${intervalMs / 1000}s, last at ${new Date().toLocaleTimeString()} — Ctrl-C to stop`);
      live([...body, '', footer].join('\n'));
    },
    done: () => live.done(),
  };
}

// What a watcher cares about: states, health, drift kinds and orphans — not latencies or uptimes.
function signature(r: StatusReport | StatusUnavailable): string {
  if ('error' in r) return `error:${r.error.message}`;
  const services = r.services.map((s) => [s.name, condition(s), s.drift.map((d) => d.kind).join(','), s.downBecause.join(',')].join('/'));
  return [...services, ...r.orphans.map((o) => `orphan:${o.container}`)].join('\n');
}

/** The lines describing how `next` differs from `prev` (everything, when there is no `prev`), each stamped with `time`. */
export function changeLines(
  prev: StatusReport | StatusUnavailable | undefined,
  next: StatusReport | StatusUnavailable,
  time: string,
): string[] {
  const out: string[] = [];
  const say = (text: string): number => out.push(`${time} ${text}`);
  if ('error' in next) {
    if (!prev || !('error' in prev) || prev.error.message !== next.error.message) say(`engine unreachable: ${next.error.message}`);
    return out;
  }
  const before = prev && !('error' in prev) ? prev : undefined;
  if (prev && 'error' in prev) say('engine reachable again');
  const old = new Map(before?.services.map((s) => [s.name, s]));
  for (const s of next.services) {
    const was = old.get(s.name);
    const now = condition(s);
    if (!was) say(`${s.name} ${now}: ${s.detail}`);
    else if (condition(was) !== now) say(`${s.name} ${condition(was)} -> ${now}: ${s.detail}`);
    const oldKinds = new Set(was?.drift.map((d) => d.kind));
    const newKinds = new Set(s.drift.map((d) => d.kind));
    for (const d of s.drift) if (!oldKinds.has(d.kind)) say(`${s.name} drift ${d.kind}: ${d.detail}`);
    for (const k of oldKinds) if (!newKinds.has(k)) say(`${s.name} drift ${k} resolved`);
  }
  const oldOrphans = new Set(before?.orphans.map((o) => o.container));
  const newOrphans = new Set(next.orphans.map((o) => o.container));
  for (const o of next.orphans) if (!oldOrphans.has(o.container)) say(`${o.name} drift orphan: ${orphanDrift(o).detail}`);
  for (const o of before?.orphans ?? []) if (!newOrphans.has(o.container)) say(`${o.name} orphan gone`);
  if (!before || healthLine(before) !== healthLine(next)) say(healthLine(next));
  return out;
}
