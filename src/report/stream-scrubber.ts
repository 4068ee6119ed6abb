// Scrubbing text that arrives in pieces (`logs --follow`): scrubbing each piece alone misses a
// secret that the engine's stream splits across two of them. So the tail of what came so far
// that could still be the start of a secret is held back until the next piece (or the end).

import { Writable } from 'node:stream';
import { scrub } from './secrets.js';

/** Feeds pieces of text through `push`; what comes out never holds a whole or split secret. */
export class StreamScrubber {
  private held = '';

  constructor(private readonly secrets: readonly string[]) {}

  /** What of the text so far can be printed now, scrubbed; a possible start of a secret is kept back. */
  push(piece: string): string {
    const text = scrub(this.held + piece, this.secrets);
    const keep = this.possibleStart(text);
    this.held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** The end of the stream: whatever was kept back (it did not turn into a secret). */
  end(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }

  // The length of the longest suffix of `text` that is a proper prefix of some secret.
  private possibleStart(text: string): number {
    let longest = 0;
    for (const s of this.secrets) {
      for (let n = Math.min(s.length - 1, text.length); n > longest; n--) {
        if (text.endsWith(s.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }
}

/** A writable stream that scrubs what is written across writes, and writes it to `out`; ending it flushes what was held. */
export function scrubbingWritable(out: NodeJS.WritableStream, secrets: readonly string[]): Writable {
  const scrubber = new StreamScrubber(secrets);
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _enc, done) {
      const text = scrubber.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      if (text) out.write(text);
      done();
    },
    final(done) {
      const rest = scrubber.end();
      if (rest) out.write(rest);
      done();
    },
  });
}
