// Durations as Compose writes them: `250ms`, `5s`, `2m`, `1h`, and combinations like `1m30s`.
// See the Compose spec, "Specifying Durations".

import { defined } from './defined.js';

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(us|ms|s|m|h)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:us|ms|s|m|h))+$/;

/** Parses a duration to milliseconds, or returns undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (!WHOLE.test(t)) return undefined;
  let ms = 0;
  for (const m of t.matchAll(PART)) ms += Number(m[1]) * defined(UNIT_MS[m[2] ?? ''], 'a duration unit');
  return Math.round(ms);
}

/** Formats milliseconds the way Compose accepts them (`1m30s`, `250ms`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}
