// Loads the registry: read the `-f` files, parse, merge in order, check the schema, resolve
// defaults, run the validators. Every problem found is collected and thrown together as one
// InputError; warnings are returned with the registry.

import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, type Problem } from '../errors.js';
import { checkSchema } from './check.js';
import { readDotenv } from './dotenv.js';
import { mergeVariables } from './interpolate.js';
import { makeLocator } from './locate.js';
import { mergeAll } from './merge.js';
import type { Registry } from './model.js';
import { parseSource, type ParsedSource } from './parse.js';
import { readPlainYaml } from './plain-yaml.js';
import { readRegistryFile } from './read.js';
import { resolveRegistry } from './resolve.js';
import { runValidators } from './validators.js';

/** A loaded registry and the warnings about it. */
export interface LoadResult {
  registry: Registry;
  warnings: Problem[];
}

/** One registry file's text: `path` is absolute; `name` is how messages show it (default: `path`). */
export interface SourceText {
  path: string;
  text: string;
  name?: string;
}

/** Reads, merges and validates the registry files; throws InputError with every problem found. */
export async function loadRegistry(
  files: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; checkEnv?: boolean },
): Promise<LoadResult> {
  if (files.length === 0) throw new InputError([{ message: 'no registry file given', hint: 'pass -f services.yaml', severity: 'error' }]);
  const paths = files.map((f) => resolve(opts.cwd, f));
  const read = await Promise.all(paths.map((p) => readRegistryFile(p, displayPath(p, opts.cwd))));
  const readProblems = read.flatMap((r) => ('problem' in r ? [r.problem] : []));
  if (readProblems.length > 0) throw new InputError(readProblems);

  // Compose reads `.env` from the project directory: beside the first file.
  const dotenvPath = join(dirname(paths[0]!), '.env');
  const dotenv = readDotenv(dotenvPath);
  const dotenvWarnings = dotenv.problems.map((p): Problem => ({
    message: `.env: ${p.message}`,
    hint: 'write one KEY=value per line; quote values with spaces or #',
    location: { file: displayPath(dotenvPath, opts.cwd), line: p.line },
    severity: 'warning',
  }));
  const sources = read.map((r, i) => ({ path: paths[i]!, name: displayPath(paths[i]!, opts.cwd), text: (r as { text: string }).text }));
  return finish(analyse(sources, mergeVariables(dotenv.vars, opts.env), opts.checkEnv ?? true), dotenvWarnings);
}

/** The same as loadRegistry, from texts in memory and given variables (no file system: for tests and tools). */
export function loadRegistryText(sources: SourceText[], opts: { vars?: Record<string, string>; checkEnv?: boolean } = {}): LoadResult {
  return finish(analyse(sources, opts.vars ?? {}, opts.checkEnv ?? true), []);
}

function finish(result: { registry?: Registry; problems: Problem[] }, extraWarnings: Problem[]): LoadResult {
  const problems = [...extraWarnings, ...result.problems];
  if (!result.registry || problems.some((p) => p.severity === 'error')) throw new InputError(problems);
  return { registry: result.registry, warnings: problems };
}

/**
 * Parse → merge → schema → resolve → validators, collecting problems at each stage. Files in plain
 * YAML are read by the fast reader first; its result stands only when nothing at all is wrong,
 * since every problem is worded and placed from the `yaml` package's document (the slow path).
 */
function analyse(texts: SourceText[], vars: Record<string, string>, checkEnv: boolean): { registry?: Registry; problems: Problem[] } {
  const plain = texts.map((t) => readPlainYaml(t.text));
  if (plain.every((p) => p !== undefined)) {
    const fast = check(texts.map((t, i) => ({ path: t.path, name: t.name ?? t.path, ...plain[i]! })), vars, checkEnv);
    if (fast.problems.length === 0) return fast;
  }
  const parsed = texts.map((t) => parseSource(t.text, t.path, t.name ?? t.path));
  const parseProblems = parsed.flatMap((p) => p.problems);
  // A file that did not parse would make the merged result (and every later message) misleading.
  if (parsed.some((p) => !p.source)) return { problems: parseProblems };
  const result = check(parsed.map((p) => p.source as ParsedSource), vars, checkEnv);
  return { registry: result.registry, problems: sortByPlace([...parseProblems, ...result.problems], parsed.map((p) => p.source!.name)) };
}

/** Merge → schema → resolve → validators, on parsed files. */
function check(sources: ParsedSource[], vars: Record<string, string>, checkEnv: boolean): { registry: Registry; problems: Problem[] } {
  const raw = mergeAll(sources.map((s) => s.data));
  const locate = makeLocator(sources);
  const schema = checkSchema(raw, locate);
  const registry = resolveRegistry(schema.file, { files: sources.map((s) => s.path), baseDir: dirname(sources[0]!.path), locate });
  return { registry, problems: [...schema.problems, ...runValidators({ registry, declared: schema.declared, raw, vars, locate }, checkEnv)] };
}

// Problems in file order, then line order, so the output reads top to bottom.
function sortByPlace(problems: Problem[], names: string[]): Problem[] {
  const key = (p: Problem) => (p.location ? names.indexOf(p.location.file) * 1e7 + p.location.line : -1);
  return problems.map((p, i) => ({ p, i })).sort((a, b) => key(a.p) - key(b.p) || a.i - b.i).map(({ p }) => p);
}

/** A path as messages show it: relative to the working directory when inside it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
