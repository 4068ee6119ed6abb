// Live output of `pyat up`: a redrawn line per service on a TTY, plain timestamped lines
// without one, and one JSON object per line with --json.

import type { ChalkInstance } from 'chalk';
import type { LaunchEvent, LaunchPhase } from '../launch/types.js';
import { seconds } from './style.js';

/** Receives launch events as they happen. */
export interface EventSink {
  event: (e: LaunchEvent) => void;
  /** Ends live output (stops redrawing). */
  close(): void;
}

/**
 * One JSON event per line: `{"t":…,"at":…,"service":…,"tier":…,"phase":…,"detail":…}`; `at` is wall-clock time,
 * for correlating with container logs.
 */
export function jsonSink(out: NodeJS.WritableStream, now: () => Date = () => new Date()): EventSink {
  return { event: (e) => out.write(`${JSON.stringify({ ...e, at: now().toISOString() })}\n`), close: () => undefined };
}

/** Plain lines for logs and CI: `2026-11-25T09:00:00.000Z [tier 1] orders probing: HTTP 503`. */
export function plainSink(out: NodeJS.WritableStream, now: () => Date = () => new Date()): EventSink {
  return {
    event: (e) => out.write(`${now().toISOString()} [tier ${e.tier}] ${e.service} ${e.phase}${e.detail ? `: ${e.detail}` : ''}\n`),
    close: () => undefined,
  };
}

const SYMBOL: Record<LaunchPhase, string> = {
  waiting: '·',
  stopping: '▾',
  starting: '▸',
  probing: '◌',
  healthy: '✔',
  'already-healthy': '✔',
  failed: '✘',
  blocked: '⊘',
  interrupted: '■',
};

/** A redrawn table on a TTY: one line per service with its tier, phase, elapsed time and detail. */
export function ttySink(
  write: (frame: string) => void,
  done: () => void,
  c: ChalkInstance,
  services: { name: string; tier: number }[],
  elapsed: () => number,
  columns = 100,
): EventSink {
  type Row = { name: string; tier: number; phase: LaunchPhase; detail: string; since: number; at: number };
  const rows = new Map<string, Row>(services.map((s) => [s.name, { ...s, phase: 'waiting', detail: '', since: 0, at: 0 }]));
  const width = Math.max(...services.map((s) => s.name.length), 7);
  const colour = (p: LaunchPhase, s: string): string =>
    p === 'healthy' || p === 'already-healthy'
      ? c.green(s)
      : p === 'failed'
        ? c.red(s)
        : p === 'blocked' || p === 'interrupted'
          ? c.yellow(s)
          : p === 'waiting'
            ? c.dim(s)
            : c.cyan(s);
  const draw = (): void => {
    const now = elapsed();
    const lines = [...rows.values()].map((r) => {
      const settled = ['healthy', 'already-healthy', 'failed', 'blocked', 'interrupted', 'waiting'].includes(r.phase);
      const time = r.phase === 'waiting' ? '' : seconds(settled ? r.at : now);
      const head = `${colour(r.phase, SYMBOL[r.phase])} tier ${r.tier}  ${r.name.padEnd(width)}  ${colour(r.phase, r.phase.padEnd(15))} ${time.padStart(7)}`;
      const room = Math.max(0, columns - (width + 38));
      return r.detail && room > 0 ? `${head}  ${c.dim(r.detail.slice(0, room))}` : head;
    });
    write(lines.join('\n'));
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  draw();
  return {
    event: (e) => {
      const r = rows.get(e.service);
      if (!r) return;
      const samePhase = r.phase === e.phase;
      r.phase = e.phase;
      r.detail = e.detail ?? (samePhase ? r.detail : '');
      r.at = e.t;
      draw();
    },
    close: () => {
      clearInterval(timer);
      draw();
      done();
    },
  };
}
