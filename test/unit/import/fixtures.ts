// The import fixtures (test/fixtures/import/), run through the pure pipeline.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { runImport, type ImportOutput } from '../../../src/import/pipeline.js';
import type { Problem } from '../../../src/errors.js';

/** The folder of the import fixtures. */
export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/import');

/** The marker every literal secret of the fixtures holds. */
export const MARKER = 'SECRET-MARKER';

/** Imports `files` of fixture `dir` as if the registry were written into that folder. */
export function importFixture(dir: string, files: string[]): ImportOutput | { problems: Problem[] } {
  const base = path.join(FIXTURES, dir);
  return runImport({
    files: files.map((f) => path.join(base, f)),
    read: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
    display: (p) => path.relative(base, p),
    output: path.join(base, 'services.yaml'),
  });
}

/** The import of `dir`, which must succeed, with its registry parsed. */
export function imported(
  dir: string,
  files: string[],
): ImportOutput & { registry: { services: Record<string, Record<string, unknown>> } & Record<string, unknown> } {
  const r = importFixture(dir, files);
  if ('problems' in r) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return { ...r, registry: parse(r.registryText) as { services: Record<string, Record<string, unknown>> } };
}
