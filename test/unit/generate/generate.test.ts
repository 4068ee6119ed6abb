import { mkdtemp, readFile, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildComposeModel } from '../../../src/compose/model.js';
import { renderComposeFile } from '../../../src/compose/render.js';
import { loadRegistry } from '../../../src/registry/load.js';
import { runPyatIn } from './run.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const golden = path.join(repo, 'test/fixtures/golden');

describe('pyat generate', () => {
  it('the golden registry gives the committed golden Compose file, byte for byte', async () => {
    const { registry } = await loadRegistry([path.join(golden, 'services.yaml')], { cwd: golden, env: {}, checkEnv: false });
    const outDir = path.join(golden, 'compose');
    const text = renderComposeFile(buildComposeModel(registry, { outDir }), registry.files, outDir);
    const file = path.join(outDir, 'docker-compose.yml');
    if (process.env.UPDATE_GOLDEN) await writeFile(file, text);
    expect(text).toBe(await readFile(file, 'utf8'));
  });

  it('writes nothing secret: every secret stays a ${VAR} reference', async () => {
    const text = await readFile(path.join(golden, 'compose/docker-compose.yml'), 'utf8');
    expect(text).toContain('POSTGRES_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}');
    expect(text).toContain('PRICE: $$5');
    expect(text).toContain('- 0.0.0.0:9000:8080');
    expect(text).toContain('- 127.0.0.1:15432:5432');
  });

  for (const registry of ['services.yaml', 'examples/demo/services.yaml']) {
    for (const target of ['compose', 'k8s', 'docs']) {
      it(`the committed ${target} output of ${registry} is current (generate --target ${target} --check)`, async () => {
        const r = await runPyatIn(repo, ['-f', registry, 'generate', '--target', target, '--check']);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
      });
    }
  }

  it('--check exits 1 and shows the difference when the file is stale, and writes nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pyat-generate-'));
    await cp(golden, dir, { recursive: true });
    const registry = path.join(dir, 'services.yaml');
    await writeFile(registry, (await readFile(registry, 'utf8')).replace('LOG_LEVEL:-info', 'LOG_LEVEL:-debug'));
    const before = await readFile(path.join(dir, 'compose/docker-compose.yml'), 'utf8');
    const r = await runPyatIn(dir, ['generate', '--check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('compose/docker-compose.yml is stale');
    expect(r.stderr).toContain('-      LOG_LEVEL: ${LOG_LEVEL:-info}');
    expect(r.stderr).toContain('+      LOG_LEVEL: ${LOG_LEVEL:-debug}');
    expect(await readFile(path.join(dir, 'compose/docker-compose.yml'), 'utf8')).toBe(before);
    const written = await runPyatIn(dir, ['generate']);
    expect(written.code).toBe(0);
    expect((await runPyatIn(dir, ['generate', '--check'])).code).toBe(0);
  });

  it('--check exits 1 when the file does not exist', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pyat-generate-'));
    await cp(path.join(golden, 'services.yaml'), path.join(dir, 'services.yaml'));
    const r = await runPyatIn(dir, ['generate', '--check', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ file: 'compose/docker-compose.yml', fresh: false, exists: false });
    expect(r.stderr).toContain('does not exist');
  });
});
