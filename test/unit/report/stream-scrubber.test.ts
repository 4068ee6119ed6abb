import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { StreamScrubber, scrubbingWritable } from '../../../src/report/stream-scrubber.js';

const SECRET = 'hunter2-s3cret';

describe('scrubbing a log that arrives in pieces', () => {
  it('hides a secret split across pieces, at any split point', () => {
    const line = `connecting with password ${SECRET} to db\n`;
    for (let cut = 0; cut <= line.length; cut++) {
      const s = new StreamScrubber([SECRET]);
      const out = s.push(line.slice(0, cut)) + s.push(line.slice(cut)) + s.end();
      expect(out, `split at ${cut}`).toBe('connecting with password *** to db\n');
    }
  });

  it('hides a secret that comes one character at a time', () => {
    const s = new StreamScrubber(['pw-1234', SECRET]);
    const out = Array.from(`a=${SECRET} b=pw-1234\n`, (c) => s.push(c)).join('') + s.end();
    expect(out).toBe('a=*** b=***\n');
  });

  it('passes text with no secret in it through at once, holding back only what may start one', () => {
    const s = new StreamScrubber([SECRET]);
    expect(s.push('plain line\n')).toBe('plain line\n');
    expect(s.push('ends with hunt')).toBe('ends with ');
    expect(s.push('ing season\n')).toBe('hunting season\n');
    expect(s.push('last words hu')).toBe('last words ');
    expect(s.end()).toBe('hu');
  });

  it('as a writable: what reaches the output holds no secret, and ending it flushes the rest', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const w = scrubbingWritable(out, [SECRET]);
    w.write(Buffer.from('token: hunter2-'));
    w.write(Buffer.from('s3cret\ntrailing hunter'));
    w.end();
    await finished(w);
    expect(text).toBe('token: ***\ntrailing hunter');
  });
});
