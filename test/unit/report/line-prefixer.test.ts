import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { logPrefixes, prefixingWritable } from '../../../src/report/line-prefixer.js';

async function through(prefix: string, chunks: (string | Buffer)[]): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const w = prefixingWritable(prefix, out);
  for (const c of chunks) w.write(c);
  w.end();
  await finished(w);
  return text;
}

describe('log lines of several services', () => {
  it('pads every name to the longest, then " | "', () => {
    expect([...logPrefixes(['db', 'gateway', 'api'])]).toEqual([
      ['db', 'db      | '],
      ['gateway', 'gateway | '],
      ['api', 'api     | '],
    ]);
  });

  it('prefixes each whole line once, however the chunks split it', async () => {
    expect(await through('db | ', ['one\ntw', 'o\n', '\nthree\n'])).toBe('db | one\ndb | two\ndb | \ndb | three\n');
  });

  it('ends a last line that had no newline, and writes nothing for nothing', async () => {
    expect(await through('db | ', ['a\nb'])).toBe('db | a\ndb | b\n');
    expect(await through('db | ', [])).toBe('');
  });

  it('keeps a character split across two chunks whole', async () => {
    const bytes = Buffer.from('café\n');
    expect(await through('x | ', [bytes.subarray(0, 4), bytes.subarray(4)])).toBe('x | café\n');
  });
});

describe('coloured log prefixes', () => {
  it("colour each prefix in Compose's order (cyan, yellow, green …), the text unchanged inside the colour", async () => {
    const { styler } = await import('../../../src/report/style.js');
    const prefixes = [...logPrefixes(['db', 'api', 'web'], styler(true)).values()];
    expect(prefixes).toEqual(['\u001b[36mdb  |\u001b[39m ', '\u001b[33mapi |\u001b[39m ', '\u001b[32mweb |\u001b[39m ']);
    expect([...logPrefixes(['db', 'api'], styler(false)).values()]).toEqual(['db  | ', 'api | ']);
  });
});
