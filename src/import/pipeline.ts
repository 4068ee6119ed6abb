// The whole import as one pure function of the files' texts: parse each file (with its lines),
// expand `extends`, merge them as Compose does, map to the registry, and render the outputs.
// Reading and writing files is the command's job (src/cli/commands/import.ts).

import path from 'node:path';
import { Document } from 'yaml';
import type { Problem } from '../errors.js';
import { envExampleText } from './env-files.js';
import { applyExtends } from './extends.js';
import { mapProject } from './map-project.js';
import { mergeSources } from './merge.js';
import { sortEntries, type ReportEntry } from './report.js';
import { parseComposeSource, type ComposeSource } from './source.js';

/** What the import needs: the files in merge order and a way to read one. */
export interface ImportInput {
  /** Absolute paths, in the order Compose merges them. */
  files: string[];
  /** Reads a file's text, or undefined when it does not exist. */
  read: (absolutePath: string) => string | undefined;
  /** How a path is shown in messages. */
  display: (absolutePath: string) => string;
  /** The registry's path (absolute): paths in it are made relative to its folder. */
  output: string;
  name?: string;
}

/** The import's outputs, rendered. */
export interface ImportOutput {
  registryText: string;
  envExampleText: string;
  entries: ReportEntry[];
  services: number;
  variables: number;
  secrets: ReadonlyMap<string, string>;
}

/** Runs the import; problems (exit 2) when the files cannot be imported. */
export function runImport(input: ImportInput): ImportOutput | { problems: Problem[] } {
  const load = (file: string): ComposeSource | { problems: Problem[] } => {
    const text = input.read(file);
    if (text === undefined)
      return { problems: [{ message: `${input.display(file)}: no such file`, hint: 'check the path given with -f', severity: 'error' }] };
    return parseComposeSource(text, input.display(file), path.dirname(file));
  };
  const sources: ComposeSource[] = [];
  const problems: Problem[] = [];
  for (const file of input.files) {
    const parsed = load(file);
    const expanded = 'problems' in parsed ? parsed : applyExtends(parsed, load);
    if ('problems' in expanded) problems.push(...expanded.problems);
    else sources.push(expanded);
  }
  if (problems.length > 0) return { problems };
  const mapped = mapProject(mergeSources(sources), { outDir: path.dirname(input.output), ...(input.name ? { name: input.name } : {}) });
  if ('problems' in mapped) return mapped;

  const doc = new Document(mapped.registry);
  const from = input.files.map(input.display).join(', ');
  doc.commentBefore = ` Imported by \`pyat import\` from ${from}; the import report lists every change.`;
  const envExample = envExampleText(mapped.registry, new Set(mapped.secrets.keys()));
  return {
    registryText: doc.toString({ lineWidth: 0 }),
    envExampleText: envExample,
    entries: sortEntries(mapped.entries, input.files.map(input.display)),
    services: Object.keys(mapped.registry.services as object).length,
    variables: envExample.split('\n').filter((l) => /^[A-Za-z_]\w*=/.test(l)).length,
    secrets: mapped.secrets,
  };
}
