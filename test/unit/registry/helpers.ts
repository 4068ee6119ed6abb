// Shared helpers for the registry tests: load YAML text in memory and collect the problems.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError, type Problem } from '../../../src/errors.js';
import { loadRegistryText } from '../../../src/registry/load-text.js';
import type { LoadResult } from '../../../src/registry/load.js';

/** The absolute path of a fixture under test/fixtures/registry. */
export const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/registry/${name}`, import.meta.url));

/** Loads one registry text, shown in messages as `name`. */
export function load(text: string, vars: Record<string, string> = {}, name = 'services.yaml'): LoadResult {
  return loadRegistryText([{ path: `/stack/${name}`, name, text }], { vars });
}

/** Loads fixtures (first to last) from disk, in memory. */
export function loadFixtures(names: string[], vars: Record<string, string> = {}): LoadResult {
  return loadRegistryText(
    names.map((n) => ({ path: fixture(n), name: n, text: readFileSync(fixture(n), 'utf8') })),
    { vars },
  );
}

/** The problems of the InputError that `fn` throws (fails the test if it does not throw one). */
export function problemsOf(fn: () => unknown): Problem[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  throw new Error('expected an InputError, but loading succeeded');
}

/** The same for an async loader. */
export async function problemsOfAsync(fn: () => Promise<unknown>): Promise<Problem[]> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  throw new Error('expected an InputError, but loading succeeded');
}

/** A problem reduced to what tests assert: `line: message — hint`. */
export const brief = (p: Problem) =>
  `${p.location?.line ?? '-'}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}${p.hint ? ` — ${p.hint}` : ''}`;

/** A minimal valid service block, indented under `services:`. */
export const yaml = (lines: string[]) => `${lines.join('\n')}\n`;
