// Nothing pyat runs goes through a shell: the source never asks for one, hostile names are refused
// by the schema, and hostile images and build paths are written to Compose as plain YAML strings.
// No Docker here; the same inputs against a real engine are in test/docker/secrets.test.ts.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runPyat } from '../../support/pyat.js';
import { recordCounts } from './counts.js';

const SRC = resolve(import.meta.dirname, '../../../src');
const dir = mkdtempSync(join(tmpdir(), 'pyat-injection-'));
const token = randomBytes(4).toString('hex');
const pwned = `/tmp/pwned-${token}`;
// Never reach a real engine from a unit test.
const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' };
let tried = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  recordCounts({ hostileInputs: tried });
});

/** Writes a registry with `services` into its own file and runs pyat on it. */
async function pyatOn(services: Record<string, unknown>, args: string[]) {
  const file = join(dir, `r-${randomBytes(3).toString('hex')}.yaml`);
  writeFileSync(file, stringify({ name: 'hostile', port_range: [8000, 8008], services }));
  tried++;
  return { file, ...(await runPyat(['-f', file, ...args], { cwd: dir, env })) };
}

function sourceFiles(at: string): string[] {
  return readdirSync(at, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(at, e.name)) : e.name.endsWith('.ts') ? [join(at, e.name)] : [],
  );
}

describe('the source asks for no shell', () => {
  const files = sourceFiles(SRC).map((f) => ({ name: relative(SRC, f), text: readFileSync(f, 'utf8') }));

  it('finds the code that runs processes (the scan is not empty)', () => {
    expect(
      files
        .filter((f) => /\bexeca\(/.test(f.text))
        .map((f) => f.name)
        .sort(),
    ).toEqual(['runtime/compose-cli.ts', 'runtime/detect-compose.ts']);
  });

  it.each([
    ['a `shell` option', /\bshell\s*:/],
    ['node:child_process (exec and spawn take shell strings or options)', /['"](node:)?child_process['"]/],
    ['a command line as one string (execa("docker compose …"))', /\bexeca\(\s*[`'"][^`'"]*\s/],
  ])('no file uses %s', (_what, pattern) => {
    expect(files.filter((f) => pattern.test(f.text)).map((f) => f.name)).toEqual([]);
  });

  it('execa is taken as `execa` only: not its string form (execaCommand) nor its script form ($`…`)', () => {
    // Statically (`import { … } from 'execa'`) or from the lazy loader (`const { … } = await loadExeca()`).
    const forms = [/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]execa['"]/g, /const\s+\{([^}]*)\}\s*=\s*await\s+loadExeca\(\)/g];
    const taken = files.flatMap((f) =>
      forms.flatMap((form) =>
        [...f.text.matchAll(form)].flatMap((m) =>
          m[1]!
            .split(',')
            .map((n) => n.trim())
            .filter(Boolean),
        ),
      ),
    );
    expect(new Set(taken)).toEqual(new Set(['execa']));
    // The loader is the one place the module is named, and it hands out the module as it is.
    expect(files.filter((f) => /['"]execa['"]/.test(f.text)).map((f) => f.name)).toEqual(['runtime/load-execa.ts']);
  });
});

describe('hostile names and paths', () => {
  const web = { image: 'example/web:1', port: 8001, health: { type: 'http' } };

  it.each([`x; touch ${pwned}`, `$(touch ${pwned})`, `\`touch ${pwned}\``, '../x', 'a b', 'X|y', '-rf'])(
    'service name %j is refused by the schema (exit 2)',
    async (name) => {
      const r = await pyatOn({ [name]: web }, ['validate']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/services/);
      expect(existsSync(pwned)).toBe(false);
    },
  );

  it.each([`x; touch ${pwned}`, '../../../../tmp/escape', `$(touch ${pwned})`, 'UPPER'])(
    'project name -p %j is refused (exit 2)',
    async (name) => {
      const r = await pyatOn({ web }, ['-p', name, 'generate', '-o', join(dir, 'never.yml')]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('is not a project name');
      expect(existsSync(join(dir, 'never.yml'))).toBe(false);
    },
  );

  it('a bare $( in a build path is refused as bad interpolation (exit 2)', async () => {
    const r = await pyatOn({ web: { ...web, build: `./$(touch ${pwned})` } }, ['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid interpolation "$("');
  });

  it('a hostile image name is refused as no image reference (exit 2), and runs nothing', async () => {
    const r = await pyatOn({ a: { ...web, image: `example/x:1; touch ${pwned}` } }, ['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/services\.a\.image: .*is not valid/);
    expect(existsSync(pwned)).toBe(false);
  });

  it('hostile build paths reach the Compose file as the very strings written, and run nothing', async () => {
    const services = {
      b: { ...web, port: 8002, build: `./ctx; touch ${pwned}` },
      c: { ...web, port: 8003, build: { context: './ctx', dockerfile: `Dockerfile; touch ${pwned}`, args: { X: `$$(touch ${pwned})` } } },
    };
    const out = join(dir, 'compose.yml');
    const r = await pyatOn(services, ['generate', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const compose = parse(readFileSync(out, 'utf8')) as {
      services: Record<string, { image?: string; build?: { context: string; dockerfile?: string; args?: Record<string, string> } }>;
    };
    expect(compose.services.b!.build!.context).toMatch(new RegExp(`ctx; touch ${pwned}$`));
    expect(compose.services.c!.build!.dockerfile).toBe(`Dockerfile; touch ${pwned}`);
    // `$$` stays escaped for Compose, which turns it into one literal `$`.
    expect(compose.services.c!.build!.args!.X).toBe(`$$(touch ${pwned})`);
    expect(existsSync(pwned)).toBe(false);
  });
});
