// Several services' logs in one stream, as Compose shows them: every line starts with its
// service's name (`catalog  | listening on 8001`). A line split across chunks waits for its end.

import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import type { ChalkInstance } from 'chalk';
import { defined } from '../util/defined.js';

// The order of Compose's prefix colours (cmd/formatter/colors.go `rainbow`: five colours, then
// their intense forms, here the bright ones), so a service gets the colour Compose would give it.
const COLORS = [
  'cyan',
  'yellow',
  'green',
  'magenta',
  'blue',
  'cyanBright',
  'yellowBright',
  'greenBright',
  'magentaBright',
  'blueBright',
] as const;

/**
 * The prefix of each service's lines: the names padded to one width, then ` | `; coloured, one
 * colour per service in turn, when `paint` is given (a TTY without NO_COLOR).
 */
export function logPrefixes(services: readonly string[], paint?: ChalkInstance): Map<string, string> {
  const width = Math.max(0, ...services.map((s) => s.length));
  return new Map(
    services.map((s, i) => {
      const prefix = `${s.padEnd(width)} |`;
      return [s, `${paint ? paint[defined(COLORS[i % COLORS.length], 'a colour')](prefix) : prefix} `];
    }),
  );
}

/** A stream that writes each complete line to `out` with `prefix` before it; ending it flushes a last, unterminated line. */
export function prefixingWritable(prefix: string, out: NodeJS.WritableStream): Writable {
  const decoder = new StringDecoder('utf8'); // a character split across chunks stays whole
  let pending = '';
  const flush = (text: string, last: boolean): void => {
    const lines = (pending + text).split('\n');
    pending = last ? '' : (lines.pop() ?? '');
    const whole = last && lines.at(-1) === '' ? lines.slice(0, -1) : lines;
    if (whole.length > 0) out.write(whole.map((l) => `${prefix}${l}\n`).join(''));
  };
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      flush(typeof chunk === 'string' ? chunk : decoder.write(chunk), false);
      done();
    },
    final(done) {
      const rest = decoder.end();
      if (pending !== '' || rest !== '') flush(rest, true);
      done();
    },
  });
}
