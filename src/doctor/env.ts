// Check: every `required_env` variable is set (in the environment or .env). Only names are
// ever printed: a value may be a secret, and doctor output lands in CI logs.

import { basename } from 'node:path';
import type { Registry, ServiceDef } from '../registry/model.js';
import { notPass, pass, type DoctorCheck } from './types.js';

/** One line per required variable (with the services that need it), or one line when none is declared. */
export function envVerdicts(
  registry: Registry,
  services: readonly ServiceDef[],
  vars: Readonly<Record<string, string | undefined>>,
): DoctorCheck[] {
  const users = new Map<string, string[]>();
  for (const s of services) for (const n of s.requiredEnv) users.set(n, [...(users.get(n) ?? []), s.name]);
  if (users.size === 0) return [pass('env', 'no service declares required_env')];
  return [...users].map(([name, by]) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    const needed = `required by ${by.join(', ')}`;
    if (value !== undefined && value !== '') return pass(`env ${name}`, `set (${needed})`);
    return notPass(
      'fail',
      `env ${name}`,
      `${value === undefined ? 'not set' : 'empty'} (${needed})`,
      `set ${name} in the environment or in .env beside ${basename(registry.files[0] ?? 'services.yaml')}`,
    );
  });
}
