// Loads the registry: read the `-f` files, parse, merge in order, check the schema, resolve
// defaults, run the validators. Every problem found is collected and thrown together as one
// InputError; warnings are returned with the registry. Given a cache (cache.ts), an unchanged
// registry is taken from it, and the parsers, schemas and validators are not even loaded.

import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, type Problem } from '../errors.js';
import type { Analysis } from './analyse.js';
import { watchVariables, type RegistryCache } from './cache.js';
import { readDotenv } from './dotenv.js';
import { mergeVariables } from './interpolate.js';
import type { Registry } from './model.js';
import { readRegistryFile } from './read.js';
import { defined } from '../util/defined.js';

// A `compose:` key anywhere (a false positive costs only the load of the schema check).
const COMPOSE_KEY = /(?:^|[\s{,])["']?compose["']?\s*:/m;

/** A loaded registry and the warnings about it. */
export interface LoadResult {
  registry: Registry;
  warnings: Problem[];
}

/** Reads, merges and validates the registry files; throws InputError with every problem found. */
export async function loadRegistry(
  files: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; checkEnv?: boolean; cache?: RegistryCache | undefined },
): Promise<LoadResult> {
  if (files.length === 0) throw new InputError([{ message: 'no registry file given', hint: 'pass -f services.yaml', severity: 'error' }]);
  const paths = files.map((f) => resolve(opts.cwd, f));
  const read = await Promise.all(paths.map((p) => readRegistryFile(p, displayPath(p, opts.cwd))));
  const readProblems = read.flatMap((r) => ('problem' in r ? [r.problem] : []));
  if (readProblems.length > 0) throw new InputError(readProblems);

  // Compose reads `.env` from the project directory: beside the first file.
  const dotenvPath = join(dirname(defined(paths[0], 'the first registry file')), '.env');
  const dotenv = readDotenv(dotenvPath);
  const dotenvWarnings = dotenv.problems.map((p): Problem => ({
    message: `.env: ${p.message}`,
    hint: 'write one KEY=value per line; quote values with spaces or #',
    location: { file: displayPath(dotenvPath, opts.cwd), line: p.line },
    severity: 'warning',
  }));
  const sources = read.map((r, i) => {
    const path = defined(paths[i], 'a registry file');
    return { path, name: displayPath(path, opts.cwd), text: (r as { text: string }).text };
  });
  const vars = mergeVariables(dotenv.vars, opts.env);
  const checkEnv = opts.checkEnv ?? true;
  const { cache } = opts;
  const hit = await cache?.lookup(sources, checkEnv, vars);
  if (hit) return { registry: hit.registry, warnings: [...dotenvWarnings, ...hit.warnings] };
  const watched = watchVariables(vars);
  // Ajv and the Compose schema are loaded only for a registry that may have a `compose:` key.
  const checkers = sources.some((s) => COMPOSE_KEY.test(s.text))
    ? { composeCheck: (await import('./compose-spec/check.js')).composeServiceCheck() }
    : {};
  const { analyseFast, analyseSlow } = await import('./analyse.js');
  // `yaml` (and its 0.4 MB) is loaded only when the fast path cannot decide.
  const result =
    analyseFast(sources, watched.vars, checkEnv, checkers) ??
    analyseSlow(sources, watched.vars, checkEnv, (await import('./parse.js')).parseSource, checkers);
  const loaded = finish(result, dotenvWarnings);
  const variables = watched.consulted();
  if (cache && result.registry && variables)
    await cache.store(sources, checkEnv, { registry: result.registry, warnings: result.problems, variables });
  return loaded;
}

/** Throws InputError with every problem when there is an error; else the registry and its warnings. */
export function finish(result: Analysis, extraWarnings: Problem[]): LoadResult {
  const problems = [...extraWarnings, ...result.problems];
  if (!result.registry || problems.some((p) => p.severity === 'error')) throw new InputError(problems);
  return { registry: result.registry, warnings: problems };
}

/** A path as messages show it: relative to the working directory when inside it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
