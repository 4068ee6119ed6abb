// Parses one registry file's text into a YAML document (kept, for its node ranges) and plain
// data. Every syntax error becomes a Problem with its line; a file that fails here is not merged.

import { type Document, isCollection, isScalar, LineCounter, parseDocument, visit, type YAMLError } from 'yaml';
import type { Problem } from '../errors.js';
import { MAX_ALIAS_COUNT } from './defaults.js';
import { yamlReach } from './yaml-reach.js';
import type { Reach } from './plain-yaml.js';

/** One parsed registry file. */
export interface ParsedSource {
  /** Absolute path. */
  path: string;
  /** The path as shown in messages (relative to the working directory when inside it). */
  name: string;
  /** The document as plain JS (aliases expanded). */
  data: unknown;
  /** Where a path of the document leads (for the lines of messages). */
  reach: Reach;
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
    const errors = doc.errors
      .filter((e) => !tabs.includes(lineOf(e)))
      .map((e) => {
        const opened = openedAt(doc, e);
        return syntaxProblem(e, text, at(opened !== undefined ? lineCounter.linePos(opened).line : lineOf(e)));
      });
    const tabProblems = tabs.map((line): Problem => ({
      message: 'a tab is used for indentation',
      hint: 'YAML indents with spaces only; replace the tab with spaces',
      location: at(line),
      severity: 'error',
    }));
    return { problems: [...tabProblems, ...errors].sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0)).concat(warnings) };
  }
  if (doc.contents === null) return { problems: [emptyProblem(name), ...warnings] };

  try {
    const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { source: { path, name, data, reach: yamlReach(doc, lineCounter) }, problems: warnings };
  } catch (err) {
    return { problems: [toJsProblem(err as Error, doc, lineCounter, name), ...warnings] };
  }
}

// yaml throws (a ReferenceError) while expanding aliases: too many of them, or one with no anchor.
function toJsProblem(err: Error, doc: Document, lineCounter: LineCounter, name: string): Problem {
  const p = (message: string, hint: string, line = 1): Problem => ({ message, hint, location: { file: name, line }, severity: 'error' });
  if (/excessive alias count/i.test(err.message)) {
    return p(
      `the YAML aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias uses)`,
      'write the values out, or use fewer anchors and aliases',
    );
  }
  const unresolved = /^Unresolved alias.*: (.*)$/.exec(err.message)?.[1];
  if (unresolved !== undefined) {
    let offset: number | undefined;
    visit(doc, {
      Alias: (_, n) => {
        if (n.source !== unresolved) return undefined;
        offset = n.range?.[0];
        return visit.BREAK;
      },
    });
    return p(
      `the alias *${unresolved} refers to no anchor`,
      `define &${unresolved} before this alias, or write the value out`,
      offset !== undefined ? lineCounter.linePos(offset).line : 1,
    );
  }
  return p(`YAML: ${err.message}`, 'fix the YAML at this place');
}

// An unclosed quote or flow bracket is noticed where the text runs out (often the end of the file,
// as a quoted string may span lines); the user must look where it was opened.
function openedAt(doc: Document, e: YAMLError): number | undefined {
  const quote = e.code === 'MISSING_CHAR' && /quote/i.test(e.message);
  const bracket = e.code === 'BAD_INDENT' && /^Flow (map|sequence)/.test(e.message);
  if (!quote && !bracket) return undefined;
  let start: number | undefined;
  visit(doc, (_, n) => {
    const opens = quote ? isScalar(n) && (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') : isCollection(n) && Boolean(n.flow);
    const range = isScalar(n) || isCollection(n) ? n.range : undefined;
    // Pre-order: the last node that spans the error is the innermost one.
    if (opens && range && range[0] < e.pos[0] && range[1] >= e.pos[0]) start = range[0];
  });
  return start;
}

function emptyProblem(name: string): Problem {
  return {
    message: `${name} is empty`,
    hint: 'a registry needs at least `name` and `services` (see services.yaml)',
    location: { file: name, line: 1 },
    severity: 'error',
  };
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
      const key = (/^[^:\n]*/.exec(text.slice(e.pos[0]))?.[0] ?? '').trim();
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
