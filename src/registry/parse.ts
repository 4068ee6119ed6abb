// Parses one registry file's text into a YAML document (kept, for its node ranges) and plain
// data. Every syntax error becomes a Problem with its line; a file that fails here is not merged.

import { type Document, LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { Problem } from '../errors.js';
import { MAX_ALIAS_COUNT } from './defaults.js';

/** One parsed registry file. */
export interface ParsedSource {
  /** Absolute path. */
  path: string;
  /** The path as shown in messages (relative to the working directory when inside it). */
  name: string;
  doc: Document;
  lineCounter: LineCounter;
  /** The document as plain JS (aliases expanded). */
  data: unknown;
}

/** Parses `text`; returns the source, or the problems that stopped it (plus any warnings). */
export function parseSource(text: string, path: string, name: string): { source?: ParsedSource; problems: Problem[] } {
  const at = (line: number) => ({ file: name, line });
  if (text.trim() === '') return { problems: [emptyProblem(name)] };

  const lineCounter = new LineCounter();
  // `merge: true` accepts Compose's `<<: *anchor` merge keys; duplicate keys stay errors (uniqueKeys).
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  const lineOf = (e: YAMLError) => lineCounter.linePos(e.pos[0]).line;
  const warnings: Problem[] = doc.warnings.map((w) => ({ message: `YAML: ${w.message}`, location: at(lineOf(w)), severity: 'warning' }));

  if (doc.errors.length > 0) {
    const tabs = tabIndentedLines(text);
    const errors = doc.errors.filter((e) => !tabs.includes(lineOf(e))).map((e) => syntaxProblem(e, text, at(lineOf(e))));
    const tabProblems = tabs.map((line): Problem => ({
      message: 'a tab is used for indentation',
      hint: 'YAML indents with spaces only; replace the tab with spaces',
      location: at(line),
      severity: 'error',
    }));
    return { problems: [...tabProblems, ...errors].sort((a, b) => a.location!.line - b.location!.line).concat(warnings) };
  }
  if (doc.contents === null) return { problems: [emptyProblem(name), ...warnings] };

  try {
    const data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { source: { path, name, doc, lineCounter, data }, problems: warnings };
  } catch (err) {
    const aliasBomb = err instanceof ReferenceError && /alias/i.test(err.message);
    return {
      problems: [{
        message: aliasBomb ? `the YAML aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias uses)` : `YAML: ${(err as Error).message}`,
        hint: aliasBomb ? 'write the values out, or use fewer anchors and aliases' : 'fix the YAML at this place',
        location: at(1),
        severity: 'error',
      }, ...warnings],
    };
  }
}

function emptyProblem(name: string): Problem {
  return { message: `${name} is empty`, hint: 'a registry needs at least `name` and `services` (see services.yaml)', location: { file: name, line: 1 }, severity: 'error' };
}

/** Lines whose indentation holds a tab. Only reported when YAML failed: tabs elsewhere are legal. */
function tabIndentedLines(text: string): number[] {
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (/^[ ]*\t/.test(l)) lines.push(i + 1);
  });
  return lines;
}

/** Words yaml's error codes in terms of what the user should do. */
function syntaxProblem(e: YAMLError, text: string, location: { file: string; line: number }): Problem {
  const p = (message: string, hint: string): Problem => ({ message, hint, location, severity: 'error' });
  switch (e.code) {
    case 'DUPLICATE_KEY': {
      const key = /^[^:\n]*/.exec(text.slice(e.pos[0]))![0].trim();
      return p(`duplicate key "${key}"`, 'a key may appear once per map; remove or merge the repeated one');
    }
    case 'MULTIPLE_DOCS':
      return p('the file holds more than one YAML document', 'a registry is one document: remove the extra `---`');
    case 'TAB_AS_INDENT':
      return p('a tab is used for indentation', 'YAML indents with spaces only; replace the tab with spaces');
    default:
      return p(`YAML syntax error: ${e.message}`, 'fix the YAML at this line (check indentation, colons and brackets)');
  }
}
