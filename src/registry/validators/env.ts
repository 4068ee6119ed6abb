// Validators of the environment: required variables must be set. They look at the variables'
// presence only; a message never holds a variable's value.

import { basename } from 'node:path';
import type { Problem, SourceLocation } from '../../errors.js';
import { envFileKeys, readEnvFile } from '../env-file.js';
import { resolveTokens } from '../interpolate.js';
import type { Registry } from '../model.js';
import { type Path, valueAt } from '../path.js';
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
  return [...registry.services.values()].flatMap((s) => {
    // What the service's env files set counts as set: Compose hands it to the container.
    const fromFiles = s.requiredEnv.length > 0 ? envFileKeys(registry, s) : new Set<string>();
    return s.requiredEnv.flatMap((name, i): Problem[] => {
      const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
      if ((value !== undefined && value !== '') || fromFiles.has(name)) return [];
      const location = opts.locate?.(['services', s.name, 'required_env', i]) ?? s.location;
      return [
        {
          message: `service "${s.name}" requires ${name}, which ${state(value)}`,
          hint: whereToSet(name, registry),
          ...(location ? { location } : {}),
          severity: opts.severity ?? 'error',
        },
      ];
    });
  });
}

/** An `env_file` that does not exist or has lines that are not KEY=value: Compose would refuse it. Values are never shown. */
export const envFileReadable: Validator = {
  name: 'env-file-readable',
  check: (ctx) =>
    [...ctx.registry.services.values()].flatMap((s) =>
      s.envFile.flatMap((file, i): Problem[] => {
        const read = readEnvFile(ctx.registry, file);
        const path = ['services', s.name, 'env_file', ...(typeof rawEnvFile(ctx.raw, s.name) === 'string' ? [] : [i])];
        if ('error' in read)
          return [
            errorAt(
              ctx,
              path,
              `service "${s.name}": env_file ${file} ${read.error}`,
              'create the file (KEY=value lines), or fix the path: it is relative to the registry file',
            ),
          ];
        return read.problems.map((p) =>
          errorAt(
            ctx,
            path,
            `service "${s.name}": env_file ${file}, line ${p.line}: ${p.message}`,
            'write one KEY=value per line; quote values with spaces or #',
          ),
        );
      }),
    ),
};

function rawEnvFile(raw: unknown, service: string): unknown {
  return valueAt(raw, ['services', service, 'env_file']);
}
