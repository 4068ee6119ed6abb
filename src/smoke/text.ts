// The smoke run as a person reads it in a terminal or a CI log: `up`'s own summary (with the
// full diagnosis of every failed service), then the checks, then the verdict.

import type { ChalkInstance } from 'chalk';
import { seconds } from '../report/style.js';
import { formatSummary } from '../report/up-summary.js';
import type { SmokeCheckResult, SmokeReport } from './types.js';

/** The report as lines. */
export function formatSmokeReport(report: SmokeReport, c: ChalkInstance): string[] {
  const lines = [...formatSummary(report.launch, c), ''];
  if (report.checks.length === 0) lines.push('no smoke checks declared for these services');
  else {
    const width = Math.max(5, ...report.checks.map((k) => `${k.service} ${k.name}`.length));
    lines.push(c.bold(`${'CHECK'.padEnd(width)}  ${'RESULT'.padEnd(7)}  ${'TIME'.padStart(7)}  REQUEST`));
    for (const k of report.checks)
      lines.push(
        `${`${k.service} ${k.name}`.padEnd(width)}  ${colour(k, c)}  ${(k.status === 'skipped' ? '-' : seconds(k.durationMs)).padStart(7)}  ${k.method} ${k.url}`,
      );
    for (const k of report.checks) if (k.status === 'failed' || k.status === 'error') lines.push('', ...checkFailure(k, c));
  }
  const passed = report.checks.filter((k) => k.status === 'passed').length;
  const verdict = `smoke ${report.status}: ${passed}/${report.checks.length} checks passed in ${seconds(report.timings.totalMs)}`;
  lines.push('', report.status === 'passed' ? c.green(verdict) : c.red(verdict));
  return lines;
}

function colour(k: SmokeCheckResult, c: ChalkInstance): string {
  const s = k.status.padEnd(7);
  return k.status === 'passed' ? c.green(s) : k.status === 'skipped' ? c.yellow(s) : c.red(s);
}

function checkFailure(k: SmokeCheckResult, c: ChalkInstance): string[] {
  const lines = [
    c.red.bold(`✘ ${k.service} › ${k.name} ${k.status} (${k.kind ?? k.status}): ${k.message ?? ''}`),
    `  request:     ${k.method} ${k.url}`,
  ];
  if (k.logs && k.logs.length > 0) {
    lines.push(`  last ${k.logs.length} log lines of ${k.service}:`);
    for (const l of k.logs) lines.push(`  ${c.dim('|')} ${l}`);
  }
  return lines;
}
