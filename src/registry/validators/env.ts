// Validators of the environment: required variables must be set. They look at the variables'
// presence only; a message never holds a variable's value.

import { basename } from 'node:path';
import type { Problem, SourceLocation } from '../../errors.js';
import { resolveTokens } from '../interpolate.js';
import type { Registry } from '../model.js';
import type { Path } from '../path.js';
import { templatedStrings } from './templated.js';
import { errorAt, type Validator } from './types.js';

const whereToSet = (name: string, registry: Registry) =>
  `set ${name} in the environment or in .env beside ${basename(registry.files[0] ?? 'services.yaml')}`;
const state = (value: string | undefined) => (value === undefined ? 'is not set' : 'is empty');

/** A `${VAR:?message}` (or `${VAR?message}`) whose variable is missing: Compose would refuse to start. */
export const requiredVariables: Validator = {
  name: 'required-variables',
  env: true,
  check: (ctx) =>
    templatedStrings(ctx.raw).flatMap(({ path, parsed }) => {
      if ('error' in parsed) return []; // reported by interpolation-syntax
      return resolveTokens(parsed, ctx.vars).missing.map((m) =>
        errorAt(
          ctx,
          path,
          `required variable ${m.name} ${state(ctx.vars[m.name])}${m.message ? `: ${m.message}` : ''}`,
          whereToSet(m.name, ctx.registry),
        ),
      );
    }),
};

/** `required_env` names that are unset or empty: a warning here; commands that start services make it an error. */
export const requiredEnvSet: Validator = {
  name: 'required-env',
  env: true,
  check: (ctx) => missingRequiredEnv(ctx.registry, ctx.vars, { severity: 'warning', locate: ctx.locate }),
};

/** The `required_env` variables of each service that are unset or empty, one problem each. */
export function missingRequiredEnv(
  registry: Registry,
  vars: Readonly<Record<string, string | undefined>>,
  opts: { severity?: Problem['severity']; locate?: (path: Path) => SourceLocation | undefined } = {},
): Problem[] {
  return [...registry.services.values()].flatMap((s) =>
    s.requiredEnv.flatMap((name, i): Problem[] => {
      const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
      if (value !== undefined && value !== '') return [];
      const location = opts.locate?.(['services', s.name, 'required_env', i]) ?? s.location;
      return [
        {
          message: `service "${s.name}" requires ${name}, which ${state(value)}`,
          hint: whereToSet(name, registry),
          ...(location ? { location } : {}),
          severity: opts.severity ?? 'error',
        },
      ];
    }),
  );
}
