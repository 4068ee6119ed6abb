// Fills in the defaults of a service's health probe and smoke checks. Probe credentials default
// to the service's own env as written (POSTGRES_USER, …), like the official images read them.

import { parseDuration } from '../util/duration.js';
import type { HealthSpec, ProbeTiming, SmokeCheck } from './model.js';
import { DEFAULTS } from './defaults.js';
import type { HealthFile, SmokeCheckFile } from './schema.js';
import { defined } from '../util/defined.js';

const ms = (text: string | undefined, fallback: string) =>
  parseDuration(text ?? fallback) ?? defined(parseDuration(fallback), `the default duration ${fallback}`);

/** The resolved probe; no `health` key means no probe. */
export function resolveHealth(h: HealthFile | undefined, env: Record<string, string>): HealthSpec {
  if (!h || h.type === 'none') return { type: 'none' };
  const timing: ProbeTiming = { interval: ms(h.interval, DEFAULTS.interval), timeout: ms(h.timeout, DEFAULTS.timeout) };
  switch (h.type) {
    case 'postgres': {
      const user = h.user ?? env.POSTGRES_USER ?? DEFAULTS.postgresUser;
      const password = h.password ?? env.POSTGRES_PASSWORD;
      // The official image names the database after the user when POSTGRES_DB is not set.
      const database = h.database ?? env.POSTGRES_DB ?? user;
      return { type: 'postgres', user, ...(password !== undefined ? { password } : {}), database, ...timing };
    }
    case 'redis': {
      const password = h.password ?? env.REDIS_PASSWORD;
      return { type: 'redis', ...(password !== undefined ? { password } : {}), ...timing };
    }
    case 'http':
      return { type: 'http', path: h.path ?? DEFAULTS.httpPath, ...(h.expect !== undefined ? { expect: h.expect } : {}), ...timing };
    case 'tcp':
      return { type: 'tcp', ...timing };
  }
}

/** The resolved smoke checks, named "METHOD path" unless named in the file. */
export function resolveSmoke(list: SmokeCheckFile[] | undefined): SmokeCheck[] {
  return (list ?? []).map((c) => {
    const method = c.method ?? DEFAULTS.smokeMethod;
    return {
      name: c.name ?? `${method} ${c.path}`,
      method,
      path: c.path,
      expect: c.expect ?? DEFAULTS.smokeExpect,
      ...(c.contains !== undefined ? { contains: c.contains } : {}),
    };
  });
}
