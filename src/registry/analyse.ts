// Reading registry texts into a Registry: parse → merge → schema → resolve → validators,
// collecting problems at each stage. Two ways in: the fast path (plain YAML read by js-yaml, see
// plain-yaml.ts) and the slow path (`yaml` documents, for every problem's wording and line). The
// slow path's parser is passed in, so that whoever calls can load `yaml` only when it is needed.

import { dirname } from 'node:path';
import type { Problem } from '../errors.js';
import { checkSchema } from './check.js';
import { makeLocator } from './locate.js';
import { mergeAll } from './merge.js';
import type { Registry } from './model.js';
import type { ParsedSource, parseSource } from './parse.js';
import { NeedsYamlDocument, readPlainYaml } from './plain-yaml.js';
import { resolveRegistry } from './resolve.js';
import { runValidators } from './validators.js';
import { defined } from '../util/defined.js';

/** One registry file's text: `path` is absolute; `name` is how messages show it (default: `path`). */
export interface SourceText {
  path: string;
  text: string;
  name?: string;
}

/** What reading the files found: the registry (unless a file did not parse) and every problem. */
export interface Analysis {
  registry?: Registry;
  problems: Problem[];
}

/**
 * The fast path: every file in plain YAML, read by js-yaml. Its result stands only when nothing at
 * all is wrong, since every problem is worded and placed from the `yaml` package's document: else
 * undefined, and analyseSlow decides.
 */
export function analyseFast(texts: SourceText[], vars: Record<string, string>, checkEnv: boolean): Analysis | undefined {
  const plain = texts.map((t) => readPlainYaml(t.text));
  if (!plain.every((p) => p !== undefined)) return undefined;
  try {
    const fast = check(
      texts.map((t, i) => ({ path: t.path, name: t.name ?? t.path, ...defined(plain[i], 'a file read') })),
      vars,
      checkEnv,
    );
    return fast.problems.length === 0 ? fast : undefined;
  } catch (err) {
    // A line only the yaml document knows was asked for: there is a problem to place.
    if (err instanceof NeedsYamlDocument) return undefined;
    throw err;
  }
}

/** The slow path: every file read by `parse` (parse.ts's parseSource, over the `yaml` package). */
export function analyseSlow(texts: SourceText[], vars: Record<string, string>, checkEnv: boolean, parse: typeof parseSource): Analysis {
  const parsed = texts.map((t) => parse(t.text, t.path, t.name ?? t.path));
  const parseProblems = parsed.flatMap((p) => p.problems);
  // A file that did not parse would make the merged result (and every later message) misleading.
  const sources = parsed.flatMap((p) => (p.source ? [p.source] : []));
  if (sources.length < parsed.length) return { problems: parseProblems };
  const result = check(sources, vars, checkEnv);
  return {
    registry: result.registry,
    problems: sortByPlace(
      [...parseProblems, ...result.problems],
      sources.map((s) => s.name),
    ),
  };
}

/** Merge → schema → resolve → validators, on parsed files. */
function check(sources: ParsedSource[], vars: Record<string, string>, checkEnv: boolean): { registry: Registry; problems: Problem[] } {
  const raw = mergeAll(sources.map((s) => s.data));
  const locate = makeLocator(sources);
  const schema = checkSchema(raw, locate);
  const registry = resolveRegistry(schema.file, {
    files: sources.map((s) => s.path),
    baseDir: dirname(defined(sources[0], 'the first file').path),
    locate,
  });
  return {
    registry,
    problems: [...schema.problems, ...runValidators({ registry, declared: schema.declared, raw, vars, locate }, checkEnv)],
  };
}

// Problems in file order, then line order, so the output reads top to bottom.
function sortByPlace(problems: Problem[], names: string[]): Problem[] {
  const key = (p: Problem) => (p.location ? names.indexOf(p.location.file) * 1e7 + p.location.line : -1);
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => key(a.p) - key(b.p) || a.i - b.i)
    .map(({ p }) => p);
}
