// A service's `env_file:` files, read as Compose reads them (the .env rules of dotenv.ts), relative
// to the registry file. pyat reads them only for their keys: to validate them and to know which
// `required_env` variables they provide. Their values are never printed or written anywhere.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type DotenvProblem, parseDotenv } from './dotenv.js';
import type { Registry, ServiceDef } from './model.js';

/** One env file: its variables and unreadable lines, or why it cannot be read at all. */
export type EnvFileRead = { vars: Record<string, string>; problems: DotenvProblem[] } | { error: string };

/** Reads one env file (`file` as written in the registry). */
export function readEnvFile(registry: Pick<Registry, 'baseDir'>, file: string): EnvFileRead {
  try {
    return parseDotenv(readFileSync(path.resolve(registry.baseDir, file), 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'error'})` };
  }
}

/** The names a service's env files set to a non-empty value. */
export function envFileKeys(registry: Pick<Registry, 'baseDir'>, svc: Pick<ServiceDef, 'envFile'>): Set<string> {
  const keys = new Set<string>();
  for (const file of svc.envFile) {
    const read = readEnvFile(registry, file);
    if ('vars' in read) for (const [k, v] of Object.entries(read.vars)) if (v !== '') keys.add(k);
  }
  return keys;
}
