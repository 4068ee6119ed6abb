// `pyat status --format markdown`: a GitHub-flavoured table and the verdict, for a CI job summary
// ($GITHUB_STEP_SUMMARY). Cells are escaped: a `|` or a newline in a probe detail must not break the table.

import { orphanDrift } from '../status/drift.js';
import { markdownCell as cell } from './markdown-cell.js';
import { causeLines, healthLine, stateLabel } from '../status/summary.js';
import type { Health, StatusReport, StatusUnavailable } from '../status/types.js';

const ICON: Record<Health, string> = { healthy: '✅', starting: '⏳', unhealthy: '❌', down: '❌' };

/** The report as Markdown (ends with a newline). */
export function renderStatusMarkdown(report: StatusReport): string {
  const lines = [`### pyat status: ${cell(report.project)}`, '', `**${healthLine(report)}**`, ''];
  lines.push(
    '| Service | Tier | Port | State | Health | Latency | Uptime | Restarts | Detail | Drift |',
    '|---|---:|---:|---|---|---:|---:|---:|---|---|',
  );
  for (const s of report.services) {
    const drift = s.drift.map((d) => `**${d.kind}**: ${cell(d.detail)}`).join('<br>');
    const latency = s.latencyMs === null ? '' : `${s.latencyMs} ms`;
    const up = s.uptimeSeconds === null ? '' : `${s.uptimeSeconds} s`;
    lines.push(
      `| ${cell(s.name)} | ${s.tier} | ${s.port ?? ''} | ${stateLabel(s)} | ${ICON[s.health]} ${s.health} | ${latency} | ${up} | ${s.restarts} | ${cell(s.detail)} | ${drift} |`,
    );
  }
  const notes = [...causeLines(report), ...report.orphans.map((o) => `orphan **${cell(o.name)}**: ${cell(orphanDrift(o).detail)}`)];
  if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

/** The one line shown when the engine cannot be asked. */
export function renderStatusUnavailableMarkdown(u: StatusUnavailable): string {
  return `**pyat status: ${cell(u.project)}**: ❌ ${cell(u.error.message)}\n`;
}
