// Chooses how `up` shows progress: JSON events, a live table on a TTY, or timestamped lines.

import { createLogUpdate } from 'log-update';
import type { Plan } from '../plan/tiers.js';
import { jsonSink, plainSink, ttySink, type EventSink } from '../report/up-events.js';
import { styler } from '../report/style.js';
import { useColor, type CommandContext } from './context.js';

/** The event sink for this run's output. */
export function eventSinkFor(ctx: CommandContext, plan: Plan, elapsed: () => number): EventSink {
  if (ctx.options.json) return jsonSink(ctx.stdout);
  if (!ctx.stdout.isTTY) return plainSink(ctx.stdout);
  const services = plan.tiers.flatMap((names, tier) => names.map((name) => ({ name, tier })));
  const live = createLogUpdate(ctx.stdout as NodeJS.WriteStream);
  return ttySink((frame) => live(frame), () => live.done(), styler(useColor(ctx)), services, elapsed, ctx.stdout.columns ?? 100);
}
