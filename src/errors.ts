// One error family for everything pyat expects to go wrong. The CLI boundary (src/cli/main.ts)
// is the only place that turns one into an exit code; anything else is an internal error.

/** Exit codes, the same for every command (documented in the README). */
export const ExitCode = {
  ok: 0,
  unhealthy: 1,
  badInput: 2,
  environment: 3,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Where in which file the user must look. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
}

/** One problem found in the input, with where it is and how to fix it. */
export interface Problem {
  message: string;
  hint?: string;
  location?: SourceLocation;
  severity: 'error' | 'warning';
}

/** Renders a problem as the one line a user reads: `file:line: message (hint)`. */
export function formatProblem(p: Problem): string {
  const where = p.location ? `${p.location.file}:${p.location.line}${p.location.column ? `:${p.location.column}` : ''}: ` : '';
  const tag = p.severity === 'warning' ? 'warning: ' : '';
  return `${where}${tag}${p.message}${p.hint ? ` — ${p.hint}` : ''}`;
}

/** The base of every expected failure: a code, an exit code, a message and a hint. */
export class PyatError extends Error {
  constructor(
    readonly code: string,
    readonly exitCode: ExitCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PyatError';
  }
}

/** Bad input: the registry or the command line. Carries every problem found, not just the first. */
export class InputError extends PyatError {
  constructor(
    readonly problems: Problem[],
    message = 'the registry has problems',
  ) {
    super('E_INPUT', ExitCode.badInput, message);
    this.name = 'InputError';
  }
}

/** A command-line mistake (unknown service, bad duration, …). */
export class UsageError extends PyatError {
  constructor(message: string, hint?: string) {
    super('E_USAGE', ExitCode.badInput, message, hint);
    this.name = 'UsageError';
  }
}

/** The environment is unusable: no engine, no Compose, a host port taken. */
export class EnvironmentError extends PyatError {
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super(code, ExitCode.environment, message, hint, options);
    this.name = 'EnvironmentError';
  }
}

/** The user interrupted (Ctrl-C, SIGTERM). */
export class InterruptedError extends PyatError {
  constructor(message = 'interrupted') {
    super('E_INTERRUPTED', ExitCode.interrupted, message);
    this.name = 'InterruptedError';
  }
}
