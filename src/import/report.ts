// The import report: one entry per decision, so that nothing is carried over or lost silently.
// Rendered as one line per entry (`file:line service.key action — why`) or one JSON object per line.

import { byCodePoint } from '../util/compare.js';

/** What import did with one key. */
export type ImportAction = 'mapped' | 'rewritten' | 'added' | 'kept-in-compose' | 'dropped' | 'conflict';

/** One decision: where in the source, which key, what was done and why (or what to do). */
export interface ReportEntry {
  file: string;
  line: number;
  service?: string;
  key: string;
  action: ImportAction;
  why: string;
}

/** Renders one entry as the line a person reads. */
export function formatEntry(e: ReportEntry): string {
  const subject = e.service !== undefined ? `${e.service}.${e.key}` : e.key;
  return `${e.file}:${e.line} ${subject} ${e.action} — ${e.why}`;
}

/** Renders one entry as one JSON object (the `--json` form), keys always in the same order. */
export function formatEntryJson(e: ReportEntry): string {
  return JSON.stringify({ file: e.file, line: e.line, service: e.service ?? null, key: e.key, action: e.action, why: e.why });
}

/** Orders entries by file (in the order given), line, service and key, so that two runs print the same. */
export function sortEntries(entries: readonly ReportEntry[], files: readonly string[]): ReportEntry[] {
  const rank = (f: string) => {
    const i = files.indexOf(f);
    return i === -1 ? files.length : i;
  };
  return [...entries].sort(
    (a, b) =>
      rank(a.file) - rank(b.file) ||
      a.line - b.line ||
      byCodePoint(a.service ?? '', b.service ?? '') ||
      byCodePoint(a.key, b.key) ||
      byCodePoint(a.action, b.action),
  );
}

/** Whether the report asks for a person: a conflict, or (with --strict) a dropped key. */
export function needsPerson(entries: readonly ReportEntry[], strict: boolean): boolean {
  return entries.some((e) => e.action === 'conflict' || (strict && e.action === 'dropped'));
}
