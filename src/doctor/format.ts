// Doctor's output: one line per check (`pass  engine  Docker Engine 20.10.24 …`, with `— fix: …`
// when it did not pass), a closing count, and the JSON shape for --json.

import type { ChalkInstance } from 'chalk';
import type { DoctorCheck, DoctorStatus } from './types.js';

/** Whether the machine can run the stack: nothing failed (warnings and skips do not count). */
export function doctorOk(checks: readonly DoctorCheck[]): boolean {
  return !checks.some((c) => c.status === 'fail');
}

/** The lines a person reads. */
export function formatDoctor(checks: readonly DoctorCheck[], c: ChalkInstance): string[] {
  const colour: Record<DoctorStatus, (s: string) => string> = { pass: c.green, warn: c.yellow, fail: c.red, skip: c.dim };
  const width = Math.max(...checks.map((k) => k.name.length));
  const lines = checks.map(
    (k) => `${colour[k.status](k.status.padEnd(4))}  ${k.name.padEnd(width)}  ${k.detail}${k.fix ? c.dim(` — fix: ${k.fix}`) : ''}`,
  );
  const n = (v: DoctorStatus): number => checks.filter((k) => k.status === v).length;
  const tally = `${n('pass')} passed, ${n('warn')} warnings, ${n('fail')} failed${n('skip') ? `, ${n('skip')} skipped` : ''}`;
  return [...lines, '', doctorOk(checks) ? c.green(`doctor: ${tally}`) : c.red(`doctor: ${tally}`)];
}

/** The --json document: `{"checks":[{"name","status","detail","fix"}],"ok":bool}`; `fix` is null when there is none. */
export function doctorJson(checks: readonly DoctorCheck[]): string {
  return JSON.stringify({
    checks: checks.map((k) => ({ name: k.name, status: k.status, detail: k.detail, fix: k.fix ?? null })),
    ok: doctorOk(checks),
  });
}
