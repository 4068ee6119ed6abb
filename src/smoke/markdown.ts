// The Markdown summary of a smoke run, for a CI job's summary page ($GITHUB_STEP_SUMMARY):
// the start table, the checks table, the timings, and every failure with its message and logs.
// The caller scrubs secrets from the text before it is written anywhere.

import type { Failure } from '../launch/types.js';
import { markdownCell as cell } from '../report/markdown-cell.js';
import { seconds } from '../report/style.js';
import type { SmokeCheckResult, SmokeReport } from './types.js';
import { xmlSafe } from './xml.js';

const VERDICT: Record<SmokeReport['status'], string> = { passed: '✅ passed', failed: '❌ failed', interrupted: '⏹ interrupted' };

/** The summary as Markdown text, ending with a newline. */
export function buildMarkdown(report: SmokeReport): string {
  const out = [`## pyat smoke: ${cell(report.project)} — ${VERDICT[report.status]}`, ''];
  out.push('| Service | Tier | Status | Time to healthy |', '| --- | --- | --- | --- |');
  for (const o of report.launch.outcomes) out.push(row(o.name, String(o.tier), o.status.replace('-', ' '), seconds(o.readyAt)));
  out.push('', '### Smoke checks', '');
  if (report.checks.length === 0) out.push('No smoke checks declared for these services.');
  else {
    out.push('| Service | Check | Request | Result | Time |', '| --- | --- | --- | --- | --- |');
    for (const c of report.checks)
      out.push(row(c.service, c.name, `${c.method} ${c.url}`, c.status, c.status === 'skipped' ? '-' : seconds(c.durationMs)));
  }
  const t = report.timings;
  out.push('', `**Timings:** start-up ${seconds(t.startMs)} · checks ${seconds(t.checksMs)} · total ${seconds(t.totalMs)}`);
  const failures = [
    ...report.launch.outcomes.flatMap((o) => (o.failure ? [serviceFailure(o.failure)] : [])),
    ...report.checks.filter(isFailure).map(checkFailure),
  ];
  if (failures.length > 0) out.push('', '### Failures', ...failures.flat());
  return `${out.join('\n')}\n`;
}

function isFailure(c: SmokeCheckResult): boolean {
  return c.status === 'failed' || c.status === 'error';
}

function serviceFailure(f: Failure): string[] {
  const lines = ['', `#### ${cell(f.service)} (${f.reason})`, '', cell(f.message)];
  if (f.probe) lines.push('', `probe: ${cell(`${f.probe.kind} ${f.probe.target}`)}`);
  if (f.errors.length > 0) lines.push('', `last errors: ${cell(f.errors.join(' | '))}`);
  if (f.exitCode !== undefined) lines.push('', `exit code: ${f.exitCode}`);
  if (f.blocked.length > 0) lines.push('', `not started: ${cell(f.blocked.join(', '))}`);
  return [...lines, ...logBlock(f.logs)];
}

function checkFailure(c: SmokeCheckResult): string[] {
  return [
    '',
    `#### ${cell(`${c.service} › ${c.name}`)} (${c.kind ?? c.status})`,
    '',
    cell(`${c.method} ${c.url}: ${c.message ?? c.status}`),
    ...logBlock(c.logs ?? []),
  ];
}

/** A fenced block for log lines, its fence longer than any run of backticks inside (CommonMark §4.5). */
export function logBlock(logs: readonly string[]): string[] {
  if (logs.length === 0) return [];
  // Colour codes and control characters from a container's log are noise on a web page.
  const text = xmlSafe(logs.join('\n'));
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return ['', `${fence}text`, text, fence];
}

function row(...cells: string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}
