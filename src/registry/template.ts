// Parses Compose's interpolation syntax (compose-go `template/template.go`): `$$`, `$VAR`,
// `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`,
// `${VAR:+other}`, `${VAR+other}`. Defaults may nest (`${A:-${B}}`). Any other `$` is an
// error, as in Compose ("You may need to escape any $ with another $").

/** A piece of a template: literal text, or a variable reference. */
export type Token = { kind: 'text'; text: string } | { kind: 'var'; name: string; op?: Operator; arg?: Token[]; message?: string };

/** `:-` default if unset or empty, `-` if unset; `:?`/`?` error; `:+`/`+` replacement if set. */
export type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

/** A syntax error: the offending fragment. */
export interface TemplateError {
  error: string;
}

const NAME = /^[_A-Za-z][_A-Za-z0-9]*/;
const OPS: Operator[] = [':-', ':?', ':+', '-', '?', '+'];

/** Parses a string into tokens, or returns the fragment that is not valid interpolation. */
export function parseTemplate(raw: string): Token[] | TemplateError {
  const tokens: Token[] = [];
  let text = '';
  let i = 0;
  while (i < raw.length) {
    const dollar = raw.indexOf('$', i);
    if (dollar < 0) break;
    text += raw.slice(i, dollar);
    const next = raw[dollar + 1];
    if (next === '$') {
      text += '$';
      i = dollar + 2;
      continue;
    }
    let token: Token | TemplateError;
    let end: number;
    if (next === '{') {
      const close = closingBrace(raw, dollar);
      if (close < 0) return { error: raw.slice(dollar) };
      token = braced(raw.slice(dollar + 2, close), raw.slice(dollar, close + 1));
      end = close + 1;
    } else {
      const name = NAME.exec(raw.slice(dollar + 1))?.[0];
      if (!name) return { error: raw.slice(dollar, dollar + 2) || '$' };
      token = { kind: 'var', name };
      end = dollar + 1 + name.length;
    }
    if ('error' in token) return token;
    if (text) tokens.push({ kind: 'text', text });
    text = '';
    tokens.push(token);
    i = end;
  }
  text += raw.slice(i);
  if (text) tokens.push({ kind: 'text', text });
  return tokens;
}

/** The inside of `${…}`. */
function braced(inner: string, whole: string): Token | TemplateError {
  const name = NAME.exec(inner)?.[0];
  if (!name) return { error: whole };
  const rest = inner.slice(name.length);
  if (rest === '') return { kind: 'var', name };
  const op = OPS.find((o) => rest.startsWith(o));
  if (!op) return { error: whole };
  const arg = rest.slice(op.length);
  if (op.endsWith('?')) return { kind: 'var', name, op, message: arg };
  const parsed = parseTemplate(arg);
  return 'error' in parsed ? parsed : { kind: 'var', name, op, arg: parsed };
}

// As compose-go's getFirstBraceClosingIndex: `${` opens, `}` closes.
function closingBrace(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    if (s.startsWith('${', i)) {
      depth++;
      i++;
    } else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
