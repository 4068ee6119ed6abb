// Command-line mistakes get the same treatment as bad registries: exit 2, one line saying what is
// wrong and how to fix it, no stack trace, nothing created, no Docker.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPyat } from '../../support/pyat.js';
import { recordCounts } from './counts.js';

const dir = mkdtempSync(join(tmpdir(), 'pyat-cli-mistakes-'));
const env = { DOCKER_HOST: 'unix:///nonexistent.sock' };
const REGISTRY = `name: demo
services:
  db: { image: postgres:16, port: 5432, infra: true, health: { type: postgres } }
  api: { image: example/api:dev, port: 8001, depends_on: [db], health: { type: http } }
`;

/** A mistake: the arguments after `-f services.yaml`, and what the first line must say. */
interface Mistake {
  what: string;
  args: string[];
  says: RegExp;
}

const mistakes: Mistake[] = [
  { what: 'an unknown command', args: ['vaildate'], says: /^error: unknown command 'vaildate' \(Did you mean validate\?\)$/ },
  { what: 'an unknown option', args: ['plan', '--jsno'], says: /^error: unknown option '--jsno' \(Did you mean --json\?\)$/ },
  {
    what: 'an unknown global option',
    args: ['--projet-name', 'x', 'plan'],
    says: /^error: unknown option '--projet-name' \(Did you mean --project-name\?\)$/,
  },
  {
    what: 'plan of a service not in the registry',
    args: ['plan', 'nope'],
    says: /^pyat: no such service: nope — the registry declares: db, api$/,
  },
  {
    what: 'up of a service not in the registry',
    args: ['up', 'nope'],
    says: /^pyat: no such service: nope — the registry declares: db, api$/,
  },
  {
    what: 'logs of a service not in the registry',
    args: ['logs', 'nope'],
    says: /^pyat: no such service: nope — the registry declares: db, api$/,
  },
  {
    what: 'a duration in words, one argument',
    args: ['up', '--timeout', '5 seconds'],
    says: /^error: option '-t, --timeout <duration>' argument '5 seconds' is invalid\. "5 seconds" is not a duration; write it like 250ms, 5s or 2m\.$/,
  },
  {
    what: 'a duration in words, two arguments',
    args: ['up', '--timeout', '5', 'seconds'],
    says: /argument '5' is invalid\. "5" is not a duration/,
  },
  { what: 'a negative duration', args: ['up', '--timeout', '-1s'], says: /argument '-1s' is invalid\. "-1s" is not a duration/ },
  { what: 'a bad duration for down', args: ['down', '-t', 'soon'], says: /argument 'soon' is invalid\. "soon" is not a duration/ },
  { what: 'an option without its value', args: ['up', '--timeout'], says: /^error: option '-t, --timeout <duration>' argument missing$/ },
  { what: '-f without its path', args: ['validate', '-f'], says: /^error: option '-f, --file <path>' argument missing$/ },
  {
    what: 'logs of two services, one not in the registry',
    args: ['logs', 'api', 'nope'],
    says: /^pyat: no such service: nope — the registry declares: db, api$/,
  },
  {
    what: 'a --tail that is not a number',
    args: ['logs', 'api', '--tail', 'abc'],
    says: /^error: option '-n, --tail <lines>' argument 'abc' is invalid\. "abc" is not a whole number\.$/,
  },
  { what: 'a negative --tail', args: ['logs', 'api', '-n', '-5'], says: /argument '-5' is invalid\. "-5" is not a whole number/ },
  { what: 'an argument to a command that takes none', args: ['validate', 'api'], says: /^error: too many arguments for 'validate'/ },
];

beforeAll(async () => {
  writeFileSync(join(dir, 'services.yaml'), REGISTRY);
  // Load every command module once, so that the timings measure the refusal, not the import.
  for (const cmd of ['plan', 'up', 'logs', 'down']) await runPyat(['-f', 'services.yaml', cmd, 'warm-up'], { cwd: dir, env });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  recordCounts({ cliMistakes: mistakes.length });
});

describe('command-line mistakes', () => {
  it.each(mistakes)('$what: exit 2, one clear line, nothing created', async ({ args, says }) => {
    const t0 = performance.now();
    const r = await runPyat(['-f', 'services.yaml', ...args], { cwd: dir, env });
    const ms = performance.now() - t0;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').slice(0, -1);
    expect(lines[0]).toMatch(says);
    expect(lines).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error|this is a bug/);
    expect(readdirSync(dir)).toEqual(['services.yaml']);
    expect(ms).toBeLessThan(1000);
  });
});
