// The end of `pyat up`: per service its time to running and to healthy, the critical path that
// decided the total, and for every failure the whole diagnosis (probe, errors, exit code, logs,
// and what did not start because of it).

import type { ChalkInstance } from 'chalk';
import type { Failure, LaunchResult } from '../launch/types.js';
import { seconds } from './style.js';

/** The diagnosis of one failed service, as lines. */
export function formatFailure(f: Failure, c: ChalkInstance): string[] {
  const lines = [c.red.bold(`✘ ${f.service} failed (${f.reason}): ${f.message}`)];
  if (f.probe) lines.push(`  probe:       ${f.probe.kind} ${f.probe.target}`);
  if (f.errors.length > 0) lines.push(`  last errors: ${f.errors.join(' | ')}`);
  if (f.exitCode !== undefined) lines.push(`  exit code:   ${f.exitCode}`);
  lines.push(`  not started: ${f.blocked.length > 0 ? `${f.blocked.join(', ')} (they depend on ${f.service})` : 'none'}`);
  if (f.logs.length > 0) {
    lines.push(`  last ${f.logs.length} log lines:`);
    for (const l of f.logs) lines.push(`  ${c.dim('|')} ${l}`);
  } else lines.push('  log: (empty)');
  return lines;
}

/** The summary table and verdict, as lines. */
export function formatSummary(result: LaunchResult, c: ChalkInstance): string[] {
  const width = Math.max(7, ...result.outcomes.map((o) => o.name.length));
  const lines = [c.bold(`${'SERVICE'.padEnd(width)}  TIER  ${'STATUS'.padEnd(15)}  RUNNING  HEALTHY`)];
  for (const o of result.outcomes) {
    const status = o.status === 'already-healthy' ? 'already healthy' : o.status;
    lines.push(
      `${o.name.padEnd(width)}  ${String(o.tier).padEnd(4)}  ${status.padEnd(15)}  ${seconds(o.startedAt).padStart(7)}  ${seconds(o.readyAt).padStart(7)}`,
    );
  }
  const path = (result.criticalPath ?? []).flatMap((name) => result.outcomes.filter((o) => o.name === name));
  if (path.length > 0) lines.push(`critical path: ${path.map((o) => `${o.name} ${seconds(o.readyAt)}`).join(' → ')}`);
  for (const o of result.outcomes) if (o.failure) lines.push('', ...formatFailure(o.failure, c));
  const ok = result.outcomes.filter((o) => o.status === 'healthy' || o.status === 'already-healthy').length;
  const verdict = `${ok}/${result.outcomes.length} healthy in ${seconds(result.elapsedMs)}`;
  lines.push('', result.status === 'healthy' ? c.green(verdict) : c.red(`${verdict} — ${result.status}`));
  return lines;
}
