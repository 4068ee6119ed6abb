// Secrets out of a report before it is rendered. Scrubbing only the rendered text is not enough:
// XML, Markdown and JSON escaping change a secret holding `&`, `<`, `|` or `"`, and the escaped
// form no longer matches. So every string of the report is scrubbed first, then the output again.

import { scrub } from '../report/secrets.js';

/** A deep copy of `value` with every secret in every string replaced by ***. */
export function scrubDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  return walk(value, secrets) as T;
}

function walk(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrub(value, secrets);
  if (Array.isArray(value)) return value.map((v) => walk(v, secrets));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, secrets)]));
  return value;
}
