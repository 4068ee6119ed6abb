// Chooses how `up` shows progress: JSON events, a live table on a TTY, or timestamped lines.
// log-update (and its string-width tables) is loaded only for the live table: CI and --json runs
// never draw one, and loading it cost them ~20 ms.

import type { Plan } from '../plan/tiers.js';
import { jsonSink, plainSink, ttySink, type EventSink } from '../report/up-events.js';
import { styler } from '../report/style.js';
import { useColor, type CommandContext } from './context.js';

/** Makes the event sink for this run's output; what it needs is loaded now, so that opening it later is synchronous. */
export async function eventSinkFor(ctx: CommandContext, plan: Plan): Promise<(elapsed: () => number) => EventSink> {
  if (ctx.options.json) return () => jsonSink(ctx.stdout);
  if (!ctx.stdout.isTTY) return () => plainSink(ctx.stdout);
  const { createLogUpdate } = await import('log-update');
  const services = plan.tiers.flatMap((names, tier) => names.map((name) => ({ name, tier })));
  return (elapsed) => {
    const live = createLogUpdate(ctx.stdout);
    return ttySink(
      (frame) => live(frame),
      () => live.done(),
      styler(useColor(ctx)),
      services,
      elapsed,
      ctx.stdout.columns ?? 100,
    );
  };
}
