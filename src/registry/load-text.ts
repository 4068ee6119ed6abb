// loadRegistry for texts in memory, synchronously: for tests and tools. It loads `yaml` up front,
// which the CLI's loadRegistry (load.ts) avoids when the fast path decides.

import { analyseFast, analyseSlow, type SourceText } from './analyse.js';
import { finish, type LoadResult } from './load.js';
import { composeServiceCheck } from './compose-spec/check.js';
import { parseSource } from './parse.js';

/** The same as loadRegistry, from texts in memory and given variables (no file system). */
export function loadRegistryText(sources: SourceText[], opts: { vars?: Record<string, string>; checkEnv?: boolean } = {}): LoadResult {
  const vars = opts.vars ?? {};
  const checkEnv = opts.checkEnv ?? true;
  const checkers = sources.some((s) => /compose\s*:/.test(s.text)) ? { composeCheck: composeServiceCheck() } : {};
  return finish(analyseFast(sources, vars, checkEnv, checkers) ?? analyseSlow(sources, vars, checkEnv, parseSource, checkers), []);
}
