// The part of an HTTP error body worth a line in a report. Health endpoints often answer 503 with
// JSON such as {"status":"starting","reason":"migrations pending"}: the reason is what to show.

const MAX_CHARS = 200;
const REASON_KEYS = ['reason', 'error', 'message', 'detail'] as const;

/** The most a probe reads of a body: a health endpoint that streams forever must not hold an attempt. */
export const MAX_BODY_BYTES = 4096;

/** One line of up to ~200 characters from a body's text: its JSON reason when it has one ('' when empty). */
export function bodyExcerpt(text: string): string {
  return excerpt(reasonOf(text) ?? text);
}

/** What a JSON body says: its `reason` (or `error`, `message`, `detail`), else the compact JSON; undefined for non-JSON. */
export function reasonOf(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  return findReason(body, 0) ?? JSON.stringify(body);
}

// `status` is not a reason key on purpose: {"status":"down","checks":{...}} says more as compact JSON.
function findReason(value: unknown, depth: number): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 2) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of REASON_KEYS) {
    const v = record[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
    // {"error": {"message": "..."}}, as many APIs nest it.
    const nested = findReason(v, depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

/** Text as one line of at most ~200 characters, for a message. */
export function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_CHARS ? `${line.slice(0, MAX_CHARS - 1)}…` : line;
}
