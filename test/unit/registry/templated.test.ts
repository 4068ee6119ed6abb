import { describe, expect, it } from 'vitest';
import { templatedStrings } from '../../../src/registry/validators/templated.js';

describe('the strings the interpolation validators read', () => {
  const raw = {
    name: 'demo',
    services: {
      api: { image: 'x:${TAG:-dev}', env: { A: '${DB_URL}', B: 'plain', C: 8000 }, command: ['run', '$$HOME', '${BAD'] },
      web: { env: { A: '${DB_URL}' } },
    },
  };

  it('are the strings that hold a $, in document order, each with its path', () => {
    expect(templatedStrings(raw).map((s) => [s.path.join('.'), s.text])).toEqual([
      ['services.api.image', 'x:${TAG:-dev}'],
      ['services.api.env.A', '${DB_URL}'],
      ['services.api.command.1', '$$HOME'],
      ['services.api.command.2', '${BAD'],
      ['services.web.env.A', '${DB_URL}'],
    ]);
  });

  it('carry their parse, made once per text and once per registry', () => {
    const strings = templatedStrings(raw);
    expect(strings[3]!.parsed).toEqual({ error: '${BAD' });
    expect(strings[4]!.parsed).toBe(strings[1]!.parsed);
    expect(templatedStrings(raw)).toBe(strings);
  });

  it('include a registry that is one string', () => {
    expect(templatedStrings('${X}').map((s) => s.path)).toEqual([[]]);
    expect(templatedStrings(null)).toEqual([]);
  });
});
