// Reads one Compose file with the `yaml` package, keeping where every key was written: the
// report and the errors point at `file:line`. Anchors, aliases and `<<` merge keys are expanded
// by the parser; a duplicated key is an error, as Compose v2 makes it.

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Problem } from '../errors.js';

/** Where a key was written. */
interface Origin {
  file: string;
  line: number;
}

/** Origins by key path (see pathKey). */
export type Origins = Map<string, Origin>;

/** One parsed Compose file. */
export interface ComposeSource {
  /** The path as messages show it. */
  file: string;
  /** The directory its relative paths are relative to (absolute). */
  dir: string;
  data: Record<string, unknown>;
  origins: Origins;
}

/** The key of a path in Origins: segments joined by a tab (keys may hold dots and slashes). */
export function pathKey(...segments: string[]): string {
  return segments.join('\t');
}

/** Parses one file; returns the problems instead when it is not a Compose file pyat can read. */
export function parseComposeSource(text: string, file: string, dir: string): ComposeSource | { problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, merge: true, lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        message: e.code === 'DUPLICATE_KEY' ? `a key is written twice: ${firstLine(e.message)}` : `not valid YAML: ${firstLine(e.message)}`,
        hint: e.code === 'DUPLICATE_KEY' ? 'keep one of them (Compose refuses the file too)' : 'fix the YAML syntax',
        location: { file, line: lineCounter.linePos(e.pos[0]).line },
        severity: 'error' as const,
      })),
    };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 10_000 });
  if (data === null || data === undefined) return { file, dir, data: {}, origins: new Map() };
  if (typeof data !== 'object' || Array.isArray(data)) {
    return {
      problems: [{ message: 'not a Compose file: the top level is not a mapping', location: { file, line: 1 }, severity: 'error' }],
    };
  }
  const origins: Origins = new Map();
  const record = data as Record<string, unknown>;
  walk(doc, doc.contents, [], (segments, keyNode, valueNode) => {
    const key = pathKey(...segments);
    // A key written in the mapping itself wins over one it takes from a `<<` merge key.
    if (!origins.has(key)) origins.set(key, { file, line: lineCounter.linePos(keyNode.range?.[0] ?? 0).line });
    keepRawScalar(record, segments, valueNode);
  });
  return { file, dir, data: record, origins };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

type Visit = (segments: string[], key: Node, value: unknown) => void;

/**
 * Visits every mapping key (with its path), through sequences by index. A `<<` merge key's
 * entries count as written at the `<<` line; a list item `KEY=value` (environment, labels) is
 * also found by its KEY, so that the report can point at the line of each variable.
 */
function walk(doc: Document, node: unknown, segments: string[], visit: Visit): void {
  if (isMap(node)) {
    const merges: { key: Node; value: unknown }[] = [];
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      if (pair.key.value === '<<') {
        merges.push({ key: pair.key, value: pair.value });
        continue;
      }
      const next = [...segments, String(pair.key.value)];
      visit(next, pair.key, pair.value);
      walk(doc, pair.value, next, visit);
    }
    for (const m of merges) {
      const sources = isSeq(m.value) ? m.value.items : [m.value];
      for (const source of sources) {
        const target = isAlias(source) ? source.resolve(doc) : source;
        // Walked again under this path, each key pointing at the `<<` line.
        walk(doc, target, segments, (seg, _key, value) => {
          visit(seg, m.key, value);
        });
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const next = [...segments, String(i)];
      if (isScalar(item) && typeof item.value === 'string' && /^[^=\s]+=/.test(item.value))
        visit([...segments, item.value.slice(0, item.value.indexOf('='))], item as Node, item);
      else if (isScalar(item) && typeof item.value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(item.value))
        visit([...segments, item.value], item as Node, item);
      visit(next, item as Node, item);
      walk(doc, item, next, visit);
    });
  }
}

/**
 * An environment map's number or boolean stays as written (`1.0`, `yes`): the registry keeps env
 * values byte for byte, and the YAML number 1.0 would otherwise come back as "1".
 */
function keepRawScalar(data: Record<string, unknown>, segments: string[], value: unknown): void {
  if (segments.length !== 4 || segments[0] !== 'services' || segments[2] !== 'environment') return;
  if (!isScalar(value) || typeof value.value === 'string' || value.value === null || typeof value.source !== 'string') return;
  const [, service = '', , key = ''] = segments;
  const env = (data.services as Record<string, Record<string, unknown> | undefined> | undefined)?.[service]?.environment;
  if (env && typeof env === 'object' && !Array.isArray(env)) (env as Record<string, unknown>)[key] = value.source;
}
