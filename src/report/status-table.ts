// `pyat status` for people: one row per service, the drift under it, then the verdict and the
// root causes. Colour comes from the caller's chalk (none unless on a TTY).

import type { ChalkInstance } from 'chalk';
import { orphanDrift } from '../status/drift.js';
import { causeLines, healthLine, orphanLine, stateLabel } from '../status/summary.js';
import type { Health, ServiceStatus, StatusReport, StatusUnavailable } from '../status/types.js';
import { defined } from '../util/defined.js';

const HEADERS = ['SERVICE', 'TIER', 'PORT', 'STATE', 'HEALTH', 'ENGINE', 'LATENCY', 'UPTIME', 'RESTARTS', 'DETAIL'];

/** The table, drift and summary as lines; `width` (a terminal's columns) cuts long details to fit. */
export function renderStatusTable(report: StatusReport, c: ChalkInstance, width?: number): string[] {
  const rows = report.services.map((s) => [
    s.name,
    String(s.tier),
    s.port === null ? '-' : String(s.port),
    stateLabel(s),
    s.health,
    s.engineHealth ?? '-',
    s.latencyMs === null ? '-' : `${s.latencyMs}ms`,
    uptime(s.uptimeSeconds),
    String(s.restarts),
    s.detail,
  ]);
  const widths = HEADERS.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => defined(r[i], 'a cell').length)));
  // Only the detail varies without bound: on a terminal it is cut to fit rather than wrapped.
  const room = width === undefined ? Infinity : Math.max(10, width - widths.reduce((a, w) => a + w + 2, 0));
  const line = (cells: string[], paint: (text: string) => string = (t) => t): string =>
    cells
      .map((cell, i) => {
        const w = widths[i];
        return w !== undefined ? cell.padEnd(w) : cell.length > room ? `${cell.slice(0, room - 1)}…` : cell;
      })
      // Painted after padding, so colour codes never skew the columns.
      .map((cell, i) => (i === 4 ? paint(cell) : cell))
      .join('  ')
      .trimEnd();
  const lines = [c.bold(line(HEADERS))];
  report.services.forEach((s, i) => lines.push(line(defined(rows[i], 'a row'), paintHealth(c, s.health))));

  const drift = [
    ...report.services.flatMap((s) => s.drift.map((d) => ({ name: s.name, ...d }))),
    ...report.orphans.map((o) => ({ name: o.name, ...orphanDrift(o) })),
  ];
  if (drift.length > 0) {
    lines.push('', c.bold('DRIFT'));
    const w = Math.max(...drift.map((d) => d.name.length));
    for (const d of drift) lines.push(`${d.name.padEnd(w)}  ${c.yellow(d.kind.padEnd(6))}  ${d.detail}`);
  }
  lines.push('', verdict(report, c));
  for (const l of causeLines(report)) lines.push(c.red(l));
  const orphans = orphanLine(report);
  if (orphans) lines.push(c.yellow(orphans));
  return lines;
}

/** The one line shown when the engine cannot be asked. */
export function renderStatusUnavailable(u: StatusUnavailable): string {
  return `pyat status: cannot tell the status of ${u.project}: ${u.error.message}${u.error.hint ? ` (${u.error.hint})` : ''}`;
}

function verdict(report: StatusReport, c: ChalkInstance): string {
  const line = healthLine(report);
  return report.healthy === report.total ? c.green(line) : c.red(line);
}

function paintHealth(c: ChalkInstance, h: Health): (s: string) => string {
  return h === 'healthy' ? c.green : h === 'starting' ? c.yellow : c.red;
}

/** `45s`, `12m05s`, `3h04m`, `2d03h`: the two largest units, as `docker ps` shortens. */
export function uptime(seconds: ServiceStatus['uptimeSeconds']): string {
  if (seconds === null) return '-';
  const two = (n: number): string => String(n).padStart(2, '0');
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${two(seconds % 60)}s`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h${two(Math.floor((seconds % 3600) / 60))}m`;
  return `${Math.floor(seconds / 86_400)}d${two(Math.floor((seconds % 86_400) / 3600))}h`;
}
