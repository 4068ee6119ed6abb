// The vocabulary of `pyat doctor`: one line per check, with a verdict, what was seen, and the fix.

/** `skip`: could not be checked, because something it needs (the engine) is missing. */
export type DoctorStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One check's line. `detail` never holds a secret or an environment variable's value. */
export interface DoctorCheck {
  name: string;
  status: DoctorStatus;
  detail: string;
  fix?: string;
}

/** A check that passed. */
export function pass(name: string, detail: string): DoctorCheck {
  return { name, status: 'pass', detail };
}

/** A check that did not pass, with how to fix it. */
export function notPass(status: Exclude<DoctorStatus, 'pass'>, name: string, detail: string, fix?: string): DoctorCheck {
  return { name, status, detail, ...(fix ? { fix } : {}) };
}
