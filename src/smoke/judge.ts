// The verdict on one smoke check's answer: pure, from the status and body, so it is tested
// without a server. A wrong status is reported before a missing text: it usually explains it.

import { excerpt } from '../probes/excerpt.js';
import type { SmokeCheck } from '../registry/model.js';

/** Whether an answer passes the check, and if not, why (with an excerpt of what came back). */
export type Judgement = { ok: true } | { ok: false; kind: 'status' | 'contains'; message: string };

/** Judges an answer: the status must equal `expect`, and the body must contain `contains` (when set). */
export function judgeAnswer(check: Pick<SmokeCheck, 'expect' | 'contains'>, status: number, body: string): Judgement {
  if (status !== check.expect) {
    return { ok: false, kind: 'status', message: `expected HTTP ${check.expect}, got ${status}${withExcerpt(body)}` };
  }
  if (check.contains !== undefined && !body.includes(check.contains)) {
    return {
      ok: false,
      kind: 'contains',
      message: `HTTP ${status}, but the body does not contain ${JSON.stringify(check.contains)}${withExcerpt(body)}`,
    };
  }
  return { ok: true };
}

function withExcerpt(body: string): string {
  const e = excerpt(body);
  return e ? `: ${e}` : ' (empty body)';
}
