import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { parseDotenv } from '../../../src/registry/dotenv.js';
import { loadVariables, resolveValue } from '../../../src/registry/interpolate.js';
import { loadRegistry } from '../../../src/registry/load.js';
import { parseTemplate } from '../../../src/registry/template.js';
import { brief, load, problemsOf, problemsOfAsync } from './helpers.js';

const vars = { SET: 'value', EMPTY: '' };
const value = (raw: string) => resolveValue(raw, vars).value;

describe('interpolation, as in Compose', () => {
  it('${VAR} and $VAR are replaced by the variable', () => {
    expect(value('a-${SET}-b')).toBe('a-value-b');
    expect(value('a-$SET/b')).toBe('a-value/b');
  });

  it('an unset variable becomes empty and is listed as unset', () => {
    expect(resolveValue('x${NOPE}y', vars)).toEqual({ value: 'xy', missing: [], unset: ['NOPE'] });
  });

  it('${VAR:-default} uses the default when the variable is unset or empty', () => {
    expect(value('${NOPE:-d}')).toBe('d');
    expect(value('${EMPTY:-d}')).toBe('d');
    expect(value('${SET:-d}')).toBe('value');
  });

  it('${VAR-default} uses the default only when the variable is unset', () => {
    expect(value('${NOPE-d}')).toBe('d');
    expect(value('${EMPTY-d}')).toBe('');
  });

  it('${VAR:?message} reports a variable that is unset or empty, with its message', () => {
    expect(resolveValue('${NOPE:?set NOPE}', vars).missing).toEqual([{ name: 'NOPE', message: 'set NOPE' }]);
    expect(resolveValue('${EMPTY:?set EMPTY}', vars).missing).toEqual([{ name: 'EMPTY', message: 'set EMPTY' }]);
    expect(resolveValue('${SET:?set SET}', vars)).toEqual({ value: 'value', missing: [], unset: [] });
  });

  it('${VAR?message} reports only an unset variable', () => {
    expect(resolveValue('${NOPE?}', vars).missing).toEqual([{ name: 'NOPE' }]);
    expect(resolveValue('${EMPTY?m}', vars).missing).toEqual([]);
  });

  it('${VAR:+x} and ${VAR+x} give x when the variable is set', () => {
    expect(value('${SET:+on}|${EMPTY:+on}|${EMPTY+on}|${NOPE+on}')).toBe('on||on|');
  });

  it('$$ is a literal $, and is not a reference', () => {
    expect(resolveValue('pa$$word $${SET}', vars)).toEqual({ value: 'pa$word ${SET}', missing: [], unset: [] });
  });

  it('defaults may hold references themselves', () => {
    expect(value('${NOPE:-${SET}-x}')).toBe('value-x');
    expect(resolveValue('${NOPE:-${ALSO:?needed}}', vars).missing).toEqual([{ name: 'ALSO', message: 'needed' }]);
    expect(resolveValue('${SET:-${ALSO:?needed}}', vars).missing).toEqual([]);
  });

  it('a $ that is not an interpolation is a syntax error', () => {
    for (const raw of ['a $ b', 'end$', '${}', '${1X}', '${A B}', '${A', '$1']) expect(parseTemplate(raw)).toHaveProperty('error');
    expect(() => resolveValue('${A', vars)).toThrow(InputError);
  });

  it('an invalid interpolation in the registry is a problem on its line', () => {
    const text = 'name: demo\nservices:\n  api:\n    image: x\n    command: ["sh", "-c", "echo $ HOME"]\n';
    expect(problemsOf(() => load(text)).map(brief)).toEqual([
      '5: services.api.command[2]: invalid interpolation "$ " — write ${NAME}, ${NAME:-default} or ${NAME:?message}; escape a literal $ as $$',
    ]);
  });
});

describe('variables: the environment and .env', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pyat-dotenv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, '.env'), 'FROM_FILE=file\nBOTH=file\n# a comment\nexport EXPORTED="quoted value"\n');
  writeFileSync(
    join(dir, 'services.yaml'),
    'name: demo\nservices:\n  api:\n    image: x\n    env: { A: "${FROM_FILE:?a}", B: "${ONLY_ENV:?b}" }\n    required_env: [BOTH]\n',
  );

  it('.env beside the first registry file supplies variables', () => {
    expect(loadVariables(dir, {})).toEqual({ FROM_FILE: 'file', BOTH: 'file', EXPORTED: 'quoted value' });
  });

  it('the process environment wins over .env', () => {
    expect(loadVariables(dir, { BOTH: 'env', UNDEFINED: undefined })).toEqual({ FROM_FILE: 'file', BOTH: 'env', EXPORTED: 'quoted value' });
  });

  it('a missing .env is no problem', () => {
    expect(loadVariables(join(dir, 'nowhere'), { A: '1' })).toEqual({ A: '1' });
  });

  it('loadRegistry checks required variables against .env and the environment', async () => {
    await expect(loadRegistry(['services.yaml'], { cwd: dir, env: { ONLY_ENV: 'x' } })).resolves.toMatchObject({ warnings: [] });
    expect((await problemsOfAsync(() => loadRegistry(['services.yaml'], { cwd: dir, env: {} }))).map(brief)).toEqual([
      '5: required variable ONLY_ENV is not set: b — set ONLY_ENV in the environment or in .env beside services.yaml',
    ]);
  });

  it('environment checks can be turned off', async () => {
    await expect(loadRegistry(['services.yaml'], { cwd: dir, env: {}, checkEnv: false })).resolves.toMatchObject({ warnings: [] });
  });

  it('the registry keeps ${VAR} references as written', async () => {
    const { registry } = await loadRegistry(['services.yaml'], { cwd: dir, env: { ONLY_ENV: 'secret' } });
    expect(registry.services.get('api')!.env).toEqual({ A: '${FROM_FILE:?a}', B: '${ONLY_ENV:?b}' });
  });
});

describe('.env files', () => {
  it('reads KEY=value lines, skipping blanks and comments', () => {
    expect(parseDotenv('A=1\n\n# comment\n  B = two  \nC=\n')).toEqual({ vars: { A: '1', B: 'two', C: '' }, problems: [] });
  });

  it('accepts an export prefix', () => {
    expect(parseDotenv('export TOKEN=abc\n').vars).toEqual({ TOKEN: 'abc' });
  });

  it('single quotes are literal; double quotes read escapes', () => {
    expect(parseDotenv(`A='a\\nb $X'\nB="a\\nb \\"q\\""\n`).vars).toEqual({ A: 'a\\nb $X', B: 'a\nb "q"' });
  });

  it('a comment after an unquoted value is dropped, a # inside a value is kept', () => {
    expect(parseDotenv('A=value # note\nB=pa#ss\nC="x # y"\n').vars).toEqual({ A: 'value', B: 'pa#ss', C: 'x # y' });
  });

  it('a quoted value may span lines', () => {
    expect(parseDotenv('KEY="line1\nline2"\nNEXT=1\n').vars).toEqual({ KEY: 'line1\nline2', NEXT: '1' });
  });

  it('a line that is not KEY=value is reported by line, without its text', () => {
    expect(parseDotenv('A=1\nsecret-without-key\nB="open\n')).toEqual({
      vars: { A: '1' },
      problems: [
        { line: 2, message: 'this line is not KEY=value' },
        { line: 3, message: 'the value of B has no closing "' },
      ],
    });
  });

  it('loadRegistry reports a bad .env line as a warning at .env', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyat-dotenv-'));
    try {
      writeFileSync(join(dir, '.env'), 'OK=1\nnot a variable\n');
      writeFileSync(join(dir, 'services.yaml'), 'name: demo\nservices:\n  api: { image: x }\n');
      const { warnings } = await loadRegistry(['services.yaml'], { cwd: dir, env: {} });
      expect(warnings.map((w) => `${w.location?.file}:${brief(w)}`)).toEqual([
        '.env:2: warning: .env: this line is not KEY=value — write one KEY=value per line; quote values with spaces or #',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
