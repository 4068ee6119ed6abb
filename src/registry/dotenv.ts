// A small `.env` reader, following Compose's rules for the common cases: `KEY=value`, blank lines,
// `# comments`, an `export ` prefix, 'single' (literal) and "double" (escapes \n \t \" \\) quotes,
// quoted values over several lines, and ` #` comments after unquoted values. Unlike Compose it
// does not expand `${VAR}` inside .env values. Messages never show a value: .env holds secrets.

import { readFileSync } from 'node:fs';
import { defined } from '../util/defined.js';

/** A line of `.env` that is not `KEY=value`. */
export interface DotenvProblem {
  line: number;
  message: string;
}

const KEY = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/** Parses `.env` text into variables, and the lines it could not read. */
export function parseDotenv(text: string): { vars: Record<string, string>; problems: DotenvProblem[] } {
  const vars: Record<string, string> = {};
  const problems: DotenvProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = KEY.exec(line);
    if (!m) {
      problems.push({ line: i + 1, message: 'this line is not KEY=value' });
      continue;
    }
    const key = defined(m[1], 'the key of a KEY=value line');
    let rest = line.slice(m[0].length);
    const quote = rest[0];
    if (quote !== '"' && quote !== "'") {
      vars[key] = rest.replace(/\s+#.*$/, '').trim();
      continue;
    }
    // A quoted value ends at the next unescaped quote, possibly lines later.
    const start = i;
    let end = closingQuote(rest, quote);
    while (end < 0 && i + 1 < lines.length) {
      rest += `\n${lines[++i]}`;
      end = closingQuote(rest, quote);
    }
    if (end < 0) {
      problems.push({ line: start + 1, message: `the value of ${m[1]} has no closing ${quote}` });
      continue;
    }
    const body = rest.slice(1, end);
    vars[key] = quote === "'" ? body : body.replace(/\\(.)/g, (all, c: string) => ESCAPES[c] ?? all);
  }
  return { vars, problems };
}

function closingQuote(s: string, quote: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\' && quote === '"') i++;
    else if (s[i] === quote) return i;
  }
  return -1;
}

/** Reads a `.env` file; a missing one is empty (it is optional, as in Compose). */
export function readDotenv(path: string): { vars: Record<string, string>; problems: DotenvProblem[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { vars: {}, problems: [] };
    return { vars: {}, problems: [{ line: 1, message: `cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})` }] };
  }
  return parseDotenv(text);
}
