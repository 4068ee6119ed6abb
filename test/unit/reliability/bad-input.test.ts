// Issue 7: every broken registry is refused by the real CLI, quickly, with exit 2 and one line per
// problem that names the file and line — never a stack trace, never a call to Docker. The corpus
// is test/fixtures/invalid/*.yaml with its expectations in expected.json, plus the inputs that
// cannot be committed (a file of many megabytes, a missing path, a directory), made here.

import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPyat } from '../../support/pyat.js';
import { recordCounts } from './counts.js';

const fixtures = fileURLToPath(new URL('../../fixtures/invalid/', import.meta.url));
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as Record<string, string[]>;
delete expected._comment;

/** No variable a fixture uses is set; Docker, if anything reached for it, is not there. */
const env = { DOCKER_HOST: 'unix:///nonexistent.sock' };
const scratch = mkdtempSync(join(tmpdir(), 'pyat-bad-input-'));

/** One bad input: the `-f` argument, the directory it is relative to, the lines stderr must hold. */
interface BadInput {
  file: string;
  cwd: string;
  problems: string[];
}

// Made in the test: 6 MB of plausible YAML (refused by size, before it is read), a path that does
// not exist, and a directory. The problems "-: text" have no line: they name the path instead.
const generated: BadInput[] = [
  { file: 'huge.yaml', cwd: scratch, problems: ['1: huge.yaml is larger than 4 MiB — a registry is a few kilobytes'] },
  { file: 'missing.yaml', cwd: scratch, problems: ['-: registry file not found: missing.yaml — check the -f path'] },
  {
    file: 'stack',
    cwd: scratch,
    problems: ['-: stack is a directory, not a registry file — pass the YAML file itself, e.g. -f stack/services.yaml'],
  },
];
const corpus: BadInput[] = [...Object.entries(expected).map(([file, problems]) => ({ file, cwd: fixtures, problems })), ...generated];

beforeAll(async () => {
  const service = (i: number) => `  svc-${i}: { image: example/svc:dev, env: { PADDING: "${'x'.repeat(60)}" } }\n`;
  const lines = ['name: huge\nservices:\n'];
  for (let i = 0, size = 0; size < 6 * 1024 * 1024; i++) size += lines[lines.push(service(i)) - 1]!.length;
  writeFileSync(join(scratch, 'huge.yaml'), lines.join(''));
  mkdirSync(join(scratch, 'stack'));
  // Load every command module once, so that the timings below measure the refusal, not the import.
  await runPyat(['-f', 'empty.yaml', 'validate'], { cwd: fixtures, env });
  await runPyat(['-f', 'empty.yaml', 'up'], { cwd: fixtures, env });
  // And the Compose schema check, which only a registry with `compose:` loads.
  await runPyat(['-f', 'compose-unknown-key.yaml', 'validate'], { cwd: fixtures, env });
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  recordCounts({ badInputs: corpus.length });
});

/** Runs pyat and measures the one call. */
async function timed(args: string[], cwd: string) {
  const t0 = performance.now();
  const run = await runPyat(args, { cwd, env });
  return { ...run, ms: performance.now() - t0 };
}

/** stderr holds exactly the expected problems, one line each, each where it says. */
function expectProblems(stderr: string, input: BadInput): void {
  const lines = stderr.split('\n').slice(0, -1);
  expect(lines).toHaveLength(input.problems.length);
  input.problems.forEach((spec, i) => {
    const [, line, text] = /^(\d+|-): (.*)$/s.exec(spec)!;
    const got = lines[i]!;
    if (line === '-') {
      expect(got).not.toMatch(/^\S+:\d+: /);
      expect(got).toContain(input.file);
    } else {
      expect(got.startsWith(`${input.file}:${line}: `), `${got}\nshould start with ${input.file}:${line}:`).toBe(true);
    }
    expect(got).toContain(text!);
  });
}

function expectNoCrash(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toMatch(/internal error|this is a bug/);
}

describe('the bad-input corpus', () => {
  it('every fixture has an expectation, and every expectation a fixture', () => {
    const files = readdirSync(fixtures)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(Object.keys(expected).sort()).toEqual(files);
    expect(corpus.length).toBeGreaterThanOrEqual(40);
  });

  it.each(corpus)('$file is refused: exit 2 within 1 s, one line per problem at its file and line', async (input) => {
    const r = await timed(['-f', input.file, 'validate'], input.cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectNoCrash(r.stderr);
    expectProblems(r.stderr, input);
    // Measured around the one call; the machine may be loaded, so 1 s is the promise, not a target.
    expect(r.ms).toBeLessThan(1000);
  });
});

// `up` checks the registry before it talks to Docker: with no engine reachable, a bad registry is
// still exit 2 (bad input), not 3 (environment), and nothing is written beside the registry.
const upCases = [
  'syntax-unclosed-quote.yaml',
  'cycle-two.yaml',
  'port-duplicate-host.yaml',
  'var-required-unset.yaml',
  'alias-bomb.yaml',
  'no-image-no-build.yaml',
  'job-with-port.yaml',
  'compose-owned-key.yaml',
];

describe('up on a bad registry', () => {
  it.each(upCases)('up -f %s exits 2 before anything talks to Docker, and creates nothing', async (file) => {
    const dir = mkdtempSync(join(scratch, 'up-'));
    copyFileSync(join(fixtures, file), join(dir, file));
    const r = await timed(['-f', file, 'up'], dir);
    expect(r.code).toBe(2);
    expectNoCrash(r.stderr);
    expectProblems(r.stderr, { file, cwd: dir, problems: expected[file]! });
    expect(readdirSync(dir)).toEqual([file]);
    expect(r.ms).toBeLessThan(1000);
  });

  it('up -f on a missing file exits 2 and names the path', async () => {
    const r = await timed(['-f', 'missing.yaml', 'up'], scratch);
    expect(r.code).toBe(2);
    expectNoCrash(r.stderr);
    expect(r.stderr).toBe('registry file not found: missing.yaml — check the -f path; a relative path starts from the current directory\n');
  });
});
