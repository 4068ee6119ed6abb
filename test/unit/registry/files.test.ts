import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../src/registry/load.js';
import { brief, fixture, load, problemsOf, problemsOfAsync } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'pyat-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string | Uint8Array) => {
  writeFileSync(join(dir, name), content);
  return name;
};
const loadFiles = (files: string[]) => loadRegistry(files, { cwd: dir, env: {} });

describe('reading registry files', () => {
  it('a file that does not exist is a problem naming the path', async () => {
    expect(await problemsOfAsync(() => loadFiles(['nope.yaml']))).toEqual([
      {
        message: 'registry file not found: nope.yaml',
        hint: 'check the -f path; a relative path starts from the current directory',
        severity: 'error',
      },
    ]);
  });

  it('a directory is a problem naming the path', async () => {
    mkdirSync(join(dir, 'stack'), { recursive: true });
    expect((await problemsOfAsync(() => loadFiles(['stack']))).map(brief)).toEqual([
      '-: stack is a directory, not a registry file — pass the YAML file itself, e.g. -f stack/services.yaml',
    ]);
  });

  it('every unreadable file is reported, not just the first', async () => {
    expect((await problemsOfAsync(() => loadFiles(['a.yaml', 'b.yaml']))).map((p) => p.message)).toEqual([
      'registry file not found: a.yaml',
      'registry file not found: b.yaml',
    ]);
  });

  it('a file over 4 MiB is refused before it is parsed', async () => {
    const name = write('huge.yaml', Buffer.alloc(4 * 1024 * 1024 + 1, 0x20));
    expect((await problemsOfAsync(() => loadFiles([name]))).map(brief)).toEqual([
      '1: huge.yaml is larger than 4 MiB — a registry is a few kilobytes; check that -f names the right file',
    ]);
  });

  it('bytes that are not UTF-8 are a problem on their line', async () => {
    const name = write(
      'latin1.yaml',
      Buffer.concat([Buffer.from('name: demo\nservices:\n  caf'), Buffer.from([0xe9]), Buffer.from(': { image: x }\n')]),
    );
    expect((await problemsOfAsync(() => loadFiles([name]))).map(brief)).toEqual([
      '3: latin1.yaml is not valid UTF-8 — save the file as UTF-8',
    ]);
  });

  it('an empty file is a problem', async () => {
    const name = write('empty.yaml', '\n\n');
    expect((await problemsOfAsync(() => loadFiles([name]))).map(brief)).toEqual([
      '1: empty.yaml is empty — a registry needs at least `name` and `services` (see services.yaml)',
    ]);
    expect(problemsOf(() => load('# only a comment\n')).map(brief)).toEqual([
      '1: services.yaml is empty — a registry needs at least `name` and `services` (see services.yaml)',
    ]);
  });

  it('paths are absolute in the registry and relative to the working directory in messages', async () => {
    const name = write('ok.yaml', 'name: demo\nservices:\n  api: { image: x }\n');
    const { registry } = await loadFiles([name]);
    expect(registry.files).toEqual([join(dir, 'ok.yaml')]);
    expect(registry.baseDir).toBe(dir);
    expect(registry.services.get('api')!.location).toEqual({ file: 'ok.yaml', line: 3 });
  });

  it('a UTF-8 byte order mark is accepted', async () => {
    const name = write('bom.yaml', `\uFEFFname: demo\nservices:\n  api: { image: x }\n`);
    expect((await loadFiles([name])).registry.name).toBe('demo');
  });
});

describe('parsing YAML', () => {
  it('a syntax error is a problem with its line', () => {
    expect(problemsOf(() => load('name: demo\nservices:\n  api: { image: x\n')).map(brief)).toEqual([
      '3: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a } — fix the YAML at this line (check indentation, colons and brackets)',
    ]);
  });

  it('a duplicate key is a problem on the repeated key', () => {
    expect(problemsOf(() => load('name: demo\nservices:\n  api: { image: x }\n  api: { image: y }\n')).map(brief)).toEqual([
      '4: duplicate key "api" — a key may appear once per map; remove or merge the repeated one',
    ]);
  });

  it('a tab used for indentation is a problem on its line', () => {
    expect(problemsOf(() => loadRegistryFixture('tabs.yaml')).map(brief)).toEqual([
      '4: a tab is used for indentation — YAML indents with spaces only; replace the tab with spaces',
    ]);
  });

  it('more than one YAML document is a problem', () => {
    expect(problemsOf(() => load('name: a\n---\nname: b\n')).map(brief)).toEqual([
      '2: the file holds more than one YAML document — a registry is one document: remove the extra `---`',
    ]);
  });

  it('a "billion laughs" alias bomb is refused', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    expect(problemsOf(() => load(`${lines.join('\n')}\n`)).map(brief)).toEqual([
      '1: the YAML aliases expand to too much data (more than 100 alias uses) — write the values out, or use fewer anchors and aliases',
    ]);
  });

  it('a few anchors and Compose-style merge keys are fine', () => {
    const text =
      'name: demo\nservices:\n  api: &svc { image: x, port: 8001, health: { type: tcp } }\n  web:\n    <<: *svc\n    port: 8002\n';
    const { registry } = load(text);
    expect(registry.services.get('web')).toMatchObject({ image: 'x', ports: [{ host: 8002 }], health: { type: 'tcp' } });
  });
});

function loadRegistryFixture(name: string) {
  return load(readFileSync(fixture(name), 'utf8'), {}, name);
}
