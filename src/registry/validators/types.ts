// The shape of a validator: a named check over the resolved registry that returns problems.
// Each one is small and independent; all run, and their problems are reported together
// (after process-compose's src/loader/validators.go).

import type { Problem, SourceLocation } from '../../errors.js';
import type { Registry } from '../model.js';
import type { ComposeServiceCheck } from '../compose-spec/check.js';
import type { Path } from '../path.js';

/** What a validator may look at. */
export interface ValidatorContext {
  registry: Registry;
  /** Every declared service name, including ones that failed the schema check. */
  declared: ReadonlySet<string>;
  /** The merged registry as written (raw `${VAR}` strings and all). */
  raw: unknown;
  /** The variables from the environment and `.env` (environment validators only). */
  vars: Readonly<Record<string, string>>;
  locate: (path: Path) => SourceLocation | undefined;
  /** The Compose service schema check, loaded only when a service has `compose:` keys. */
  composeCheck?: ComposeServiceCheck;
}

/** One named check. `env` checks depend on the variables and run only when asked to. */
export interface Validator {
  name: string;
  env?: boolean;
  check: (ctx: ValidatorContext) => Problem[];
}

/** Shorthand for an error at a path. */
export function errorAt(ctx: ValidatorContext, path: Path, message: string, hint: string): Problem {
  return { message, hint, location: ctx.locate(path), severity: 'error' };
}

/** Quotes and joins names: `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
export function quoteList(names: readonly string[]): string {
  const q = names.map((n) => `"${n}"`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
