// The strings of the registry that hold a `$`, each with its path and its parse as a Compose
// template. Two validators read them: found in one walk, parsed once per distinct text (a large
// registry repeats the same `${VAR:-default}` in every service). A string without `$` is plain
// text in Compose, so it is neither parsed nor given a path.

import { isRecord, type Path } from '../path.js';
import { parseTemplate, type TemplateError, type Token } from '../template.js';

/** One string that holds a `$`. */
export interface TemplatedString {
  path: Path;
  text: string;
  parsed: Token[] | TemplateError;
}

const found = new WeakMap<object, readonly TemplatedString[]>();

/** The strings of `raw` that hold a `$`, in document order; computed once per registry value. */
export function templatedStrings(raw: unknown): readonly TemplatedString[] {
  if (raw === null || typeof raw !== 'object') return collect(raw);
  let strings = found.get(raw);
  if (!strings) found.set(raw, (strings = collect(raw)));
  return strings;
}

function collect(raw: unknown): TemplatedString[] {
  const out: TemplatedString[] = [];
  const parses = new Map<string, Token[] | TemplateError>();
  // One path, grown and shrunk on the way down and up; copied only for a string that is kept.
  const path: (string | number)[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (!value.includes('$')) return;
      let parsed = parses.get(value);
      if (!parsed) parses.set(value, (parsed = parseTemplate(value)));
      out.push({ path: [...path], text: value, parsed });
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) step(i, value[i]);
    } else if (isRecord(value)) {
      for (const key of Object.keys(value)) step(key, value[key]);
    }
  };
  const step = (seg: string | number, value: unknown) => {
    path.push(seg);
    walk(value);
    path.pop();
  };
  walk(raw);
  return out;
}
