import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { renderJsonSchema } from '../../../src/registry/json-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'pyat-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'ok.yaml'), 'name: demo\nservices:\n  api:\n    image: x\n    port: 8001\n    required_env: [TOKEN]\n');
writeFileSync(join(dir, 'bad.yaml'), 'name: demo\nservices:\n  api:\n    image: x\n    helth: {}\n    depends_on: [ghost]\n');

async function run(...argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c) => out.push(String(c)));
  stderr.on('data', (c) => err.push(String(c)));
  const code = await main(argv, { cwd: dir, env: {}, stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('pyat validate', () => {
  it('prints warnings and a one-line success, and exits 0', async () => {
    expect(await run('validate', '-f', 'ok.yaml')).toEqual({
      code: 0,
      stdout: 'ok: 1 service, 1 warning (ok.yaml)\n',
      stderr:
        'ok.yaml:6: warning: service "api" requires TOKEN, which is not set — set TOKEN in the environment or in .env beside ok.yaml\n',
    });
  });

  it('with --json prints {valid, services, warnings}', async () => {
    const r = await run('validate', '-f', 'ok.yaml', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      valid: true,
      services: 1,
      warnings: [
        {
          message: 'service "api" requires TOKEN, which is not set',
          hint: 'set TOKEN in the environment or in .env beside ok.yaml',
          location: { file: 'ok.yaml', line: 6 },
          severity: 'warning',
        },
      ],
    });
  });

  it('prints one line per problem and exits 2', async () => {
    expect(await run('validate', '-f', 'bad.yaml')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'bad.yaml:5: services.api: unknown key "helth" — did you mean "health"?\n' +
        'bad.yaml:6: service "api" depends on "ghost", which is not defined — defined services: api\n',
    });
  });

  it('a missing -f file exits 2 with the path named', async () => {
    const r = await run('validate', '-f', 'missing.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('registry file not found: missing.yaml — check the -f path; a relative path starts from the current directory\n');
  });
});

describe('pyat schema', () => {
  it('prints the JSON Schema', async () => {
    expect(await run('schema')).toEqual({ code: 0, stdout: renderJsonSchema(), stderr: '' });
  });
});
