// `pyat import` as a user runs it: what it writes (all or nothing), its exit codes, that no secret
// of the source reaches any output, and that two runs give byte-identical files.

import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPyat } from '../../support/run-pyat.js';
import { FIXTURES, MARKER } from './fixtures.js';

let dir = '';
const env = { NO_COLOR: '1' };
const run = (args: string[]) => runPyat(['import', ...args], { cwd: dir, env });

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pyat-import-'));
  await cp(FIXTURES, dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const team = ['-f', 'team/compose.yaml', '-f', 'team/compose.override.yaml'];

describe('pyat import', () => {
  it('without -f reads the files Compose would (compose.yaml and its override) and writes registry, .env.example and report', async () => {
    const again = await runPyat(['import', '-o', 'out/services.yaml'], { cwd: path.join(dir, 'team'), env });
    expect(again.stdout).toContain('compose.override.yaml:4 api.environment rewritten');
    expect((await readdir(path.join(dir, 'team/out'))).sort()).toEqual(['.env.example', 'services.yaml']);
    expect(await readFile(path.join(dir, 'team/out/services.yaml'), 'utf8')).toMatch(
      /^# Imported by `pyat import` from compose.yaml, compose.override.yaml;/,
    );
  });

  it('no secret of the source appears in any output: registry, .env.example, report, --json, stderr', async () => {
    const text = await run([...team, '-o', 'services.yaml', '--report', 'report.txt']);
    const json = await run([...team, '-o', 'j/services.yaml', '--json', '--dry-run']);
    const outputs = [text.stdout, text.stderr, json.stdout, json.stderr];
    for (const f of ['services.yaml', '.env.example', 'report.txt']) outputs.push(await readFile(path.join(dir, f), 'utf8'));
    expect(outputs.join('\n')).toContain('REDIS_PASSWORD');
    for (const out of outputs) expect(out).not.toContain(MARKER);
  });

  it('--env-out is the only way to the values: a file of mode 0600', async () => {
    const r = await run([...team, '--env-out', 'secrets.env']);
    expect(r.stdout + r.stderr).not.toContain(MARKER);
    const file = path.join(dir, 'secrets.env');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).toContain("POSTGRES_PASSWORD='pg-SECRET-MARKER-1'");
    expect(text).toContain("API_TOKEN='tok-SECRET-MARKER-5'");
  });

  it('two runs give byte-identical files', async () => {
    await run([...team, '-o', 'a/services.yaml', '--report', 'a/report.txt']);
    await run([...team, '-o', 'b/services.yaml', '--report', 'b/report.txt']);
    for (const f of ['services.yaml', '.env.example', 'report.txt']) {
      const a = await readFile(path.join(dir, 'a', f), 'utf8');
      const b = await readFile(path.join(dir, 'b', f), 'utf8');
      expect(a.replaceAll('a/', 'b/'), f).toBe(b);
    }
  });

  it('never overwrites without --force: exit 2 and nothing written, all or nothing', async () => {
    await writeFile(path.join(dir, '.env.example'), 'MINE=1\n');
    const r = await run([...team]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('.env.example exists; nothing was written — pass --force to overwrite it, or -o another path\n');
    expect(await readdir(dir)).not.toContain('services.yaml');
    const forced = await run([...team, '--force']);
    expect(forced.code).not.toBe(2);
    expect(await readFile(path.join(dir, '.env.example'), 'utf8')).toContain('POSTGRES_PASSWORD=');
  });

  it('--dry-run prints the report and writes nothing', async () => {
    const r = await run([...team, '--dry-run']);
    expect(r.stdout.split('\n').length).toBeGreaterThan(40);
    expect(r.stderr).toMatch(/^would write services\.yaml, \.env\.example; \d+ decisions: /);
    expect((await readdir(dir)).filter((f) => !['team', 'duplicate', 'clash', 'extends'].includes(f))).toEqual([]);
  });

  it('--json: one object per line, the summary last', async () => {
    const r = await run([...team, '--json', '--dry-run']);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({
      file: 'team/compose.yaml',
      line: 3,
      service: null,
      key: 'name',
      action: 'mapped',
      why: 'project name team',
    });
    expect(lines.at(-1)).toMatchObject({ summary: { wouldWrite: ['services.yaml', '.env.example'] } });
  });

  it('exit 2 for a duplicated key, an override alone, a missing file; nothing written', async () => {
    const dup = await run(['-f', 'duplicate/compose.yaml']);
    expect([dup.code, dup.stderr]).toEqual([
      2,
      'duplicate/compose.yaml:4: a key is written twice: Map keys must be unique — keep one of them (Compose refuses the file too)\n',
    ]);
    const alone = await run(['-f', 'team/compose.override.yaml']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(
      /^team\/compose\.override\.yaml:3: service api has neither image nor build after merging — pass the base file first/,
    );
    const missing = await run(['-f', 'nope.yaml']);
    expect([missing.code, missing.stderr]).toEqual([2, 'nope.yaml: no such file — check the path given with -f\n']);
    expect(await readdir(dir)).not.toContain('services.yaml');
  });

  it('exit 1 when a person must look: a port clash, an undefined dependency; with --strict any dropped key', async () => {
    const clash = await run(['-f', 'clash/compose.yaml', '-o', 'c/services.yaml']);
    expect(clash.code).toBe(1);
    expect(clash.stdout).toContain('admin.ports conflict');
    const strict = await run(['-f', 'extends/compose.yaml', '-o', 'e/services.yaml', '--strict', '--dry-run']);
    expect(strict.code).toBe(0); // nothing dropped there
    const teamStrict = await run([...team, '--strict', '--dry-run']);
    expect(teamStrict.code).toBe(1);
  });

  it('help says that -f names Compose files here', async () => {
    const r = await runPyat(['import', '--help'], { env });
    expect(r.stdout).toContain('Here -f, --file names a Compose file to import');
  });
});

describe('the imported registry', () => {
  it('validates: exit 0, and pyat validate accepts it (every fixture that has no conflict)', async () => {
    for (const [name, files] of [
      ['team', ['team/compose.yaml', 'team/compose.override.yaml']],
      ['extends', ['extends/compose.yaml']],
    ] as const) {
      const out = `${name}-out/services.yaml`;
      const r = await run([...files.flatMap((f) => ['-f', f]), '-o', out]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      const valid = await runPyat(['-f', out, 'validate'], { cwd: dir, env });
      expect(valid.code, valid.stderr).toBe(0);
    }
  });
});
