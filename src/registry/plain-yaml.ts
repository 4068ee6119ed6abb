// The fast path of reading a registry. `yaml` keeps a node range for every value, which is what puts
// a line on every problem, but building that document is most of `pyat validate` on a large
// registry (about 0.35 s of 0.5 for 300 services, cold). js-yaml reads the same YAML 1.2 core
// schema in a fifth of that time without ranges. So a registry in plain YAML is read by js-yaml
// first, and that result stands only when the registry has no problem at all (load.ts): any
// problem sends every file back through `yaml`, which words and places it as before.
//
// Plain means no YAML feature where the two readers could part: no anchors, aliases or merge keys
// (`yaml` caps alias expansion), tags, block scalars, directives or second documents, flow
// collections over several lines, or characters beyond printable ASCII. A file with any of them,
// or one js-yaml refuses, goes to `yaml` straight away. test/unit/registry/plain-yaml.test.ts
// holds the two to the same data, and the same depth and line for every path, on generated files.

import { CORE_SCHEMA, load } from 'js-yaml';
import { isRecord, type Path } from './path.js';

/** Where a path of the file leads: how many of its keys exist, and the line of the last one. */
export type Reach = (path: Path) => { depth: number; line: number };

/**
 * Thrown by the fast reader's Reach for a path its scan cannot place (anything below a service).
 * A registry with no problem never asks for one; one with problems is read again by `yaml`.
 */
export class NeedsYamlDocument extends Error {
  constructor(path: Path) {
    super(`the line of ${path.join('.')} needs the yaml document`);
    this.name = 'NeedsYamlDocument';
  }
}

/** A file read by the fast reader. */
export interface PlainYaml {
  data: Record<string, unknown>;
  reach: Reach;
}

// In the text outside comments: an indicator at the start of a token (`&a`, `*a`, `!tag`, `|`,
// `>`, `%`, `@`, a backtick), a merge key, a document marker, a character that is not printable
// ASCII, a list item that opens a list on its line (`- - a`) or is empty (`-`): the readers nest
// those apart.
// Any of them, and the file goes to `yaml`.
const NOT_PLAIN = /(?:^|[\s[{,])[&*!|>%@`]|<<|^(?:---|\.\.\.)|[^\x20-\x7e]|(?:^|\s)-\s+-(?:\s|$)|^\s*-\s*$/;
// A key in block style, unquoted: at the margin a top-level key, under `services:` a service.
const KEY_LINE = /^( *)([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: |$)/;
// `-0`, which is -0 to `yaml` and 0 to js-yaml.
const NEGATIVE_ZERO = /(?:^|[\s[{,:])-0(?:\.0*)?(?:[\s,\]}]|$)/;

// A null key (`~:`, `null:`): "" to `yaml`, "null" to js-yaml.
const NULL_KEY = /(?:^|[\s{,])(?:~|null|Null|NULL):(?:\s|$)/;

/** The file's data, or undefined when it is not plain YAML (or not a map): then `yaml` reads it. */
export function readPlainYaml(text: string): PlainYaml | undefined {
  const lines = text.split('\n');
  for (const line of lines) {
    const code = plainCode(line);
    if (code === undefined || NOT_PLAIN.test(code) || NEGATIVE_ZERO.test(code) || NULL_KEY.test(code)) return undefined;
  }
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA, json: false });
  } catch {
    return undefined; // a syntax error, a repeated key…: `yaml` says what and where
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  return { data: data as Record<string, unknown>, reach: reachOf(lines, data as Record<string, unknown>) };
}

/**
 * The lines of the top-level keys and of the services, found by a scan of the text: what the
 * registry needs when nothing is wrong (each service's location, in every `-f` file). Where a key
 * is absent from `data`, the path reaches its parent, as in yaml-reach.ts. Any other path throws
 * NeedsYamlDocument, so that this module never loads `yaml`.
 */
function reachOf(lines: readonly string[], data: Record<string, unknown>): Reach {
  const top = new Map<string, number>();
  const services = new Map<string, number>();
  let inServices = false;
  let childIndent = -1;
  for (const [i, line] of lines.entries()) {
    const indent = line.search(/\S/);
    if (indent === -1 || line[indent] === '#') continue;
    const m = KEY_LINE.exec(line);
    if (indent === 0) {
      // A line at the margin is a top-level key, even one the scan cannot read (`a:b:`, `"q":`).
      if (m?.[2] !== undefined) top.set(m[2], i + 1);
      inServices = m?.[2] === 'services';
      childIndent = -1;
    } else if (inServices) {
      // The first line below `services:` sets the services' indentation, whatever its key.
      if (childIndent === -1) childIndent = indent;
      if (m?.[2] !== undefined && indent === childIndent && !services.has(m[2])) services.set(m[2], i + 1);
    }
  }
  // The document's own line: where its first key starts, known when the scan found every key.
  const keys = Object.keys(data);
  const start = keys.length > 0 && keys.every((k) => top.has(k)) ? Math.min(...keys.map((k) => top.get(k) ?? Infinity)) : undefined;
  const root = (path: Path) => {
    if (start === undefined) throw new NeedsYamlDocument(path);
    return { depth: 0, line: start };
  };
  return (path) => {
    const [first, second] = path;
    if (path.length === 0) return root(path);
    if (typeof first !== 'string' || path.length > 2) throw new NeedsYamlDocument(path);
    if (!Object.hasOwn(data, first)) return root(path);
    const line = top.get(first);
    if (line === undefined) throw new NeedsYamlDocument(path);
    if (path.length === 1) return { depth: 1, line };
    if (first !== 'services' || typeof second !== 'string') throw new NeedsYamlDocument(path);
    const map = data.services;
    if (!isRecord(map) || !Object.hasOwn(map, second)) return { depth: 1, line };
    const at = services.get(second);
    if (at === undefined) throw new NeedsYamlDocument(path);
    return { depth: 2, line: at };
  };
}

/**
 * A line without its comment (a `#` at the start or after a space), or undefined when the line is
 * not for the fast reader: a quote left open (a quoted scalar over lines), something right after
 * a closing quote (`"a"#c` is an error to `yaml`), or a `[` / `{` not closed on the line.
 */
function plainCode(line: string): string | undefined {
  let quote = 0;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (quote) {
      if (c === 0x5c && quote === 0x22)
        i++; // \ in double quotes
      else if (c === quote && quote === 0x27 && line.charCodeAt(i + 1) === 0x27)
        i++; // '' in single quotes
      else if (c === quote) {
        quote = 0;
        const next = line[i + 1];
        if (next !== undefined && !' ,]}:'.includes(next)) return undefined;
      }
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x23 && (i === 0 || line.charCodeAt(i - 1) === 0x20)) return depth === 0 ? line.slice(0, i) : undefined;
  }
  return quote || depth !== 0 ? undefined : line;
}
