// One error family for everything pyat expects to go wrong. The CLI boundary (src/cli/main.ts)
// is the only place that turns one into an exit code; anything else is an internal error.

/** Every exit code pyat returns, the same for every command (the README's "Exit codes" table). */
export const ExitCode = {
  ok: 0,
  unhealthy: 1,
  badInput: 2,
  environment: 3,
  /** An error pyat did not expect: a bug (EX_SOFTWARE of sysexits.h). */
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Every error code pyat reports (`--json` prints it as `error.code`); the exit code comes with the error's class. */
export type ErrorCode =
  /** Exit 2: the registry has problems (each with file and line). */
  | 'E_INPUT'
  /** Exit 2: a command-line mistake. */
  | 'E_USAGE'
  /** Exit 3: no engine answers (or DOCKER_HOST is unusable). */
  | 'E_ENGINE'
  /** Exit 3: the engine answered, with an error. */
  | 'E_ENGINE_CALL'
  /** Exit 3: no Compose runs. */
  | 'E_COMPOSE'
  /** Exit 3: a Compose run failed. */
  | 'E_COMPOSE_FAILED'
  /** Exit 3: an image can neither be found nor pulled. */
  | 'E_IMAGE_PULL'
  /** Exit 3: another pyat held the project's lock for too long. */
  | 'E_LOCKED'
  /** Exit 3: a host port is taken or an image is missing, found before anything started. */
  | 'E_PREFLIGHT'
  /** Exit 130: Ctrl-C or SIGTERM. */
  | 'E_INTERRUPTED';

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
    readonly code: ErrorCode,
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
  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
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
