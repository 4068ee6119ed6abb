// A fast reader for the plain YAML that registries are written in: block maps and lists, one-line
// flow lists and maps, plain and quoted scalars, comments. On anything else (anchors, aliases,
// tags, block scalars, values over several lines, escapes, tabs, non-ASCII text, a repeated key…)
// it gives up, and the `yaml` package reads the file as before.
//
// Why: `yaml` builds a full document model through generator-driven lexing, which is most of
// `pyat validate` on a large registry (about 250 ms of 530 for 300 services). What this reader
// accepts it reads exactly as `yaml` does: plain scalars are resolved by yaml's own core-schema
// tags, and test/unit/registry/plain-yaml.test.ts compares the two on generated files. It reports
// no problems: a file with any problem is read again by `yaml`, which words and places them.

import { Document, isScalar, type ScalarTag } from 'yaml';
import type { Path } from './path.js';

/** Where a path of the file leads: how many of its keys exist, and the line of the last one. */
export type Reach = (path: Path) => { depth: number; line: number };

/** A file read by the fast reader. */
export interface PlainYaml {
  data: Record<string, unknown>;
  reach: Reach;
}

interface Line {
  indent: number;
  text: string;
  line: number;
}

/** The file's data, or undefined when it uses more YAML than this reader knows. */
export function readPlainYaml(text: string): PlainYaml | undefined {
  // Printable ASCII and newlines only: no tabs, CR, BOM or non-ASCII characters to get right.
  if (/[^\n\x20-\x7e]/.test(text)) return undefined;
  try {
    return new Reader(text).read();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

const GIVE_UP = new Error('not plain YAML');
function giveUp(): never {
  throw GIVE_UP;
}

// Keys are plain words (as service names, env names and pyat's own keys are); a key must also
// resolve to a string, so `1:`, `true:` or `null:` go to `yaml`.
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,200}$/;
const COMPACT_KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*:(?: |$)/;
// What a plain scalar may start with: no indicator (`- `, `? `, `: `, `&`, `*`, `!`, `|`, `>`, `#`, quotes, brackets…).
const PLAIN_START = /^(?:[A-Za-z0-9_./$~+(=]|-[^ ,[\]{}])/;
// Only spaces, or a comment after at least one space, may follow a value on its line.
const TRAILING = /^(?: *| +#.*)$/;
const FLOW_END = new Set([',', '[', ']', '{', '}']);

let coreTags: { tags: ScalarTag[]; options: Document['options'] } | undefined;
// yaml's core schema, as parseDocument uses it with `merge: true`.
function core() {
  if (!coreTags) {
    const doc = new Document(null, { merge: true });
    // Only scalar tags have a `test`: the map and seq tags never match a plain scalar.
    coreTags = { tags: doc.schema.tags.filter((t): t is ScalarTag => 'test' in t && t.test !== undefined), options: doc.options };
  }
  return coreTags;
}

class Reader {
  private readonly lines: Line[] = [];
  private i = 0;
  // For every map and list read: the line of each key or item (what yaml's node ranges give).
  private readonly lineOf = new WeakMap<object, Map<string | number, number>>();

  constructor(text: string) {
    const raw = text.split('\n');
    for (let n = 0; n < raw.length; n++) {
      const s = raw[n]!;
      let indent = 0;
      while (s.charCodeAt(indent) === 32) indent++;
      if (indent === s.length || s[indent] === '#') continue;
      this.lines.push({ indent, text: s.slice(indent), line: n + 1 });
    }
  }

  read(): PlainYaml {
    const first = this.lines[0];
    if (!first || first.indent !== 0 || isSeqItem(first.text)) giveUp();
    const data = this.map(0);
    if (this.i < this.lines.length) giveUp();
    return { data, reach: (path) => this.reach(data, first.line, path) };
  }

  private reach(data: unknown, firstLine: number, path: Path): { depth: number; line: number } {
    let node = data;
    let line = firstLine;
    let depth = 0;
    for (const seg of path) {
      const lines = typeof node === 'object' && node !== null ? this.lineOf.get(node) : undefined;
      const key = Array.isArray(node) ? (typeof seg === 'number' ? seg : undefined) : String(seg);
      const at = key === undefined ? undefined : lines?.get(key);
      if (at === undefined) break;
      node = (node as Record<string | number, unknown>)[key!];
      [line, depth] = [at, depth + 1];
    }
    return { depth, line };
  }

  private block(indent: number): unknown {
    return isSeqItem(this.lines[this.i]!.text) ? this.seq(indent) : this.map(indent);
  }

  private map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const lines = new Map<string, number>();
    this.lineOf.set(out, lines);
    for (let l = this.lines[this.i]; l && l.indent >= indent; l = this.lines[this.i]) {
      if (l.indent > indent || isSeqItem(l.text)) giveUp();
      const colon = l.text.indexOf(':');
      const key = this.key(l.text.slice(0, colon < 0 ? l.text.length : colon));
      const rest = l.text.slice(colon + 1);
      if (colon < 0 || (rest !== '' && rest[0] !== ' ') || lines.has(key)) giveUp();
      lines.set(key, l.line);
      this.i++;
      out[key] = this.valueAfter(rest, l, indent, true);
    }
    return out;
  }

  private seq(indent: number): unknown[] {
    const out: unknown[] = [];
    const lines = new Map<number, number>();
    this.lineOf.set(out, lines);
    for (let l = this.lines[this.i]; l && l.indent >= indent; l = this.lines[this.i]) {
      if (l.indent > indent) giveUp();
      if (!isSeqItem(l.text)) break;
      lines.set(out.length, l.line);
      const rest = l.text.slice(1);
      const value = rest.trimStart();
      // An item whose value starts on a later line is placed by yaml there: not this reader's case.
      if (value === '' || value[0] === '#') giveUp();
      if (COMPACT_KEY.test(value) || isSeqItem(value)) {
        // `- key: value` or `- - item`: a block that starts on the item's line, at the column of its text.
        this.lines[this.i] = { indent: indent + l.text.length - value.length, text: value, line: l.line };
        out.push(this.block(indent + l.text.length - value.length));
      } else {
        this.i++;
        out.push(this.valueAfter(rest, l, indent, false));
      }
    }
    return out;
  }

  // The value after `key:` or `- `: on the same line, or (after a key) a block on the lines below.
  private valueAfter(rest: string, at: Line, indent: number, inMap: boolean): unknown {
    const text = rest.trimStart();
    const next = this.lines[this.i];
    if (text === '' || text[0] === '#') {
      if (next && next.indent > indent) return this.block(next.indent);
      // A list may sit at its key's own indentation.
      if (inMap && next && next.indent === indent && isSeqItem(next.text)) return this.seq(indent);
      return null;
    }
    const value = this.inline(text, at.line);
    if (next && next.indent > indent) giveUp(); // a value over several lines
    return value;
  }

  // A value written on one line, in block context.
  private inline(text: string, line: number): unknown {
    if (text[0] === '[' || text[0] === '{' || text[0] === '"' || text[0] === "'") {
      const flow = new Flow(text, line, this);
      const value = flow.value();
      if (!TRAILING.test(text.slice(flow.p))) giveUp();
      return value;
    }
    if (!PLAIN_START.test(text)) giveUp();
    const hash = text.indexOf(' #');
    const plain = (hash < 0 ? text : text.slice(0, hash)).trimEnd();
    if (plain.includes(': ') || plain.endsWith(':')) giveUp();
    return resolvePlain(plain, false);
  }

  key(text: string): string {
    if (!KEY.test(text) || text === '__proto__' || resolvePlain(text, true) !== text) giveUp();
    return text;
  }

  remember(node: object, lines: Map<string | number, number>): void {
    this.lineOf.set(node, lines);
  }
}

// One-line flow collections and quoted scalars.
class Flow {
  p = 0;
  constructor(
    private readonly s: string,
    private readonly line: number,
    private readonly reader: Reader,
  ) {}

  value(): unknown {
    const c = this.s[this.p];
    if (c === '[') return this.list();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") return this.quoted(c);
    return this.plain();
  }

  private list(): unknown[] {
    const out: unknown[] = [];
    const lines = new Map<number, number>();
    this.reader.remember(out, lines);
    this.p++;
    this.spaces();
    if (this.s[this.p] === ']') return this.close(out);
    for (;;) {
      lines.set(out.length, this.line);
      out.push(this.value());
      this.spaces();
      const c = this.s[this.p++];
      if (c === ']') return out;
      if (c !== ',') giveUp();
      this.spaces();
      if (this.s[this.p] === ']') giveUp(); // a trailing comma
    }
  }

  private map(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const lines = new Map<string, number>();
    this.reader.remember(out, lines);
    this.p++;
    this.spaces();
    if (this.s[this.p] === '}') return this.close(out);
    for (;;) {
      const colon = this.s.indexOf(': ', this.p);
      if (colon < 0) giveUp();
      const key = this.reader.key(this.s.slice(this.p, colon));
      if (lines.has(key)) giveUp();
      lines.set(key, this.line);
      this.p = colon + 2;
      this.spaces();
      if (this.s[this.p] === ',' || this.s[this.p] === '}') giveUp(); // `{ a: }`: an empty value
      out[key] = this.value();
      this.spaces();
      const c = this.s[this.p++];
      if (c === '}') return out;
      if (c !== ',') giveUp();
      this.spaces();
      if (this.s[this.p] === '}') giveUp();
    }
  }

  private close<T>(empty: T): T {
    this.p++;
    return empty;
  }

  private quoted(q: string): string {
    let end = this.s.indexOf(q, this.p + 1);
    if (q === "'") while (end >= 0 && this.s[end + 1] === "'") end = this.s.indexOf(q, end + 2);
    if (end < 0) giveUp();
    const inner = this.s.slice(this.p + 1, end);
    if (q === '"' && inner.includes('\\')) giveUp();
    this.p = end + 1;
    return q === "'" ? inner.replaceAll("''", "'") : inner;
  }

  // A plain scalar in a flow collection ends at `,` `[` `]` `{` `}`, at `: `, or at ` #`.
  private plain(): unknown {
    const start = this.p;
    if (!PLAIN_START.test(this.s.slice(start, start + 2))) giveUp();
    let q = start;
    for (; q < this.s.length; q++) {
      const c = this.s[q]!;
      if (FLOW_END.has(c)) break;
      if (c === ':' && (q + 1 === this.s.length || this.s[q + 1] === ' ' || FLOW_END.has(this.s[q + 1]!))) giveUp(); // an implicit key
      if (c === ' ' && this.s[q + 1] === '#') giveUp();
    }
    this.p = q;
    return resolvePlain(this.s.slice(start, q).trimEnd(), false);
  }

  private spaces(): void {
    while (this.s[this.p] === ' ') this.p++;
  }
}

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

// A plain scalar's value, by the first core-schema tag whose pattern matches, as yaml's
// composeScalar does (a tag may wrap its value in a Scalar). A tag that yields anything but a
// primitive (the `<<` merge key's symbol) gives up.
function resolvePlain(text: string, atKey: boolean): unknown {
  const { tags, options } = core();
  const tag = tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test!.test(text));
  if (!tag) return text;
  const resolved: unknown = tag.resolve(text, giveUp, options);
  const value = isScalar(resolved) ? resolved.value : resolved;
  if ((typeof value === 'object' && value !== null) || typeof value === 'symbol') giveUp();
  return value;
}
