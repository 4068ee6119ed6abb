// pyat import against Compose v2's own reading of the same files (`docker compose config`, which
// needs no engine): the merge pyat implements must equal Compose's, and the registry it writes,
// generated back into a Compose file, must say the same as the source — except what the report lists.

import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependsOnMap, keyValueEntries, parsePort } from '../../src/import/compose-values.js';
import { applyExtends } from '../../src/import/extends.js';
import { mergeSources } from '../../src/import/merge.js';
import { parseComposeSource } from '../../src/import/source.js';
import { COMPOSE_V2_DIR, haveComposeV2 } from '../support/compose-v2.js';
import { runPyat } from '../support/run-pyat.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');
const CASES: Record<string, string[]> = {
  team: ['compose.yaml', 'compose.override.yaml'],
  'team (base only)': ['compose.yaml'],
  extends: ['compose.yaml'],
  clash: ['compose.yaml'],
};
const dirOf = (name: string) => name.split(' ')[0] ?? name;

if (!haveComposeV2) {
  if (process.env.CI)
    throw new Error(`Compose v2 is missing from ${COMPOSE_V2_DIR}; run scripts/docker-env.sh (CI is set: these tests must run)`);
  console.warn(`skipping the import tests against Compose v2: no ${COMPOSE_V2_DIR}/docker-compose (run scripts/docker-env.sh)`);
}

type Json = Record<string, unknown>;

/** Compose v2's `config` of files in `dir`, as JSON, without interpolation (values as written). */
async function composeConfig(dir: string, files: string[]): Promise<{ services: Record<string, Json> }> {
  const args = [...files.flatMap((f) => ['-f', f]), '--profile', '*', 'config', '--no-interpolate', '--format', 'json'];
  const r = await execa(path.join(COMPOSE_V2_DIR, 'docker-compose'), args, {
    cwd: dir,
    env: { ...process.env, COMPOSE_PROJECT_NAME: 'import-test' },
  });
  return JSON.parse(r.stdout) as { services: Record<string, Json> };
}

/** What both sides must agree on, in one shape: Compose's normalised model read field by field. */
function projection(svc: Json, dir: string) {
  const build = typeof svc.build === 'string' ? { context: svc.build } : (svc.build as Json | undefined);
  const words = (v: unknown) => (typeof v === 'string' ? v.split(/\s+/) : v);
  const hc = svc.healthcheck as Json | undefined;
  const test = typeof hc?.test === 'string' ? ['CMD-SHELL', hc.test] : hc?.test;
  return {
    image: svc.image,
    build: build && {
      context: path.resolve(dir, String(build.context)),
      dockerfile: build.dockerfile ?? 'Dockerfile',
      target: build.target,
      args: build.args && Object.fromEntries(keyValueEntries(build.args)),
    },
    command: words(svc.command) ?? null,
    environment: Object.fromEntries(keyValueEntries(svc.environment)),
    depends_on: Object.fromEntries(Object.entries(dependsOnMap(svc.depends_on)).map(([k, v]) => [k, v.condition])),
    ports: ((svc.ports as unknown[] | undefined) ?? []).map((p) => {
      const e = parsePort(p);
      return `${e?.ip ?? ''}:${e?.published ?? ''}:${e?.target ?? ''}/${e?.protocol ?? ''}`;
    }),
    volumes: ((svc.volumes as unknown[] | undefined) ?? []).map((v) =>
      typeof v === 'string' ? (v.split(':')[1] ?? v) : (v as Json).target,
    ),
    healthcheck: test,
    profiles: svc.profiles,
  };
}

describe.skipIf(!haveComposeV2)('pyat import agrees with Compose v2', () => {
  let work = '';
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'pyat-import-v2-'));
    await cp(FIXTURES, work, { recursive: true });
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  for (const [name, files] of Object.entries(CASES)) {
    it(`${name}: pyat's merge of the files equals docker compose config`, async () => {
      const dir = path.join(work, dirOf(name));
      const { readFileSync } = await import('node:fs');
      const sources = files.map((f) => {
        const abs = path.join(dir, f);
        const parsed = parseComposeSource(readFileSync(abs, 'utf8'), f, dir);
        if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
        const expanded = applyExtends(parsed, (p) => parseComposeSource(readFileSync(p, 'utf8'), path.relative(dir, p), path.dirname(p)));
        if ('problems' in expanded) throw new Error(JSON.stringify(expanded.problems));
        return expanded;
      });
      const ours = mergeSources(sources).data.services as Record<string, Json>;
      const theirs = (await composeConfig(dir, files)).services;
      expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
      for (const s of Object.keys(theirs)) {
        const a = projection(ours[s]!, dir);
        const b = projection(theirs[s]!, dir);
        expect({ ...a, ports: [...a.ports].sort() }, s).toEqual({ ...b, ports: [...b.ports].sort() });
      }
    });
  }

  for (const [name, files] of Object.entries(CASES)) {
    it(`${name}: the imported registry validates, and generated back it says what the source says, except what the report lists`, async () => {
      const dir = path.join(work, dirOf(name));
      const out = `imported-${name.replace(/\W+/g, '-')}`;
      const registry = path.join(out, 'services.yaml');
      const imported = await runPyat(['import', ...files.flatMap((f) => ['-f', f]), '-o', registry, '--json'], {
        cwd: dir,
        env: { NO_COLOR: '1' },
      });
      expect(imported.code, imported.stderr).toBe(name === 'clash' ? 1 : 0);
      const report = imported.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { service?: string; key?: string; action?: string });
      const reported = (service: string, key: string, actions: string[]) =>
        report.some((e) => e.service === service && (e.key === key || e.key?.startsWith(`${key}.`)) && actions.includes(e.action ?? ''));
      if (name !== 'clash') {
        const valid = await runPyat(['-f', registry, 'validate'], { cwd: dir, env: { NO_COLOR: '1' } });
        expect(valid.code, valid.stderr).toBe(0);
      }
      const generated = path.join(out, 'compose.yml');
      const gen = await runPyat(['-f', registry, 'generate', '-o', generated], { cwd: dir, env: { NO_COLOR: '1' } });
      if (name === 'clash') return; // a port clash does not validate, so it is not generated
      expect(gen.code, gen.stderr).toBe(0);
      const source = (await composeConfig(dir, files)).services;
      const back = (await composeConfig(dir, [generated])).services;
      expect(Object.keys(back).sort()).toEqual(Object.keys(source).sort());
      for (const [s, svc] of Object.entries(source)) {
        const a = projection(svc, dir);
        const b = projection(back[s]!, dir);
        expect(b.image, s).toEqual(a.image);
        expect(b.build?.context, s).toEqual(a.build?.context);
        expect(Object.keys(b.depends_on).sort(), s).toEqual(
          Object.keys(a.depends_on)
            .filter((d) => !reported(s, `depends_on.${d}`, ['conflict']))
            .sort(),
        );
        // Env: every key; each value as written, except the secrets the report says were rewritten, and a bare KEY now ${KEY}.
        const pyatAdded = ['REDISCLI_AUTH'];
        expect(
          Object.keys(b.environment)
            .filter((k) => !pyatAdded.includes(k))
            .sort(),
          s,
        ).toEqual(Object.keys(a.environment).sort());
        for (const [k, v] of Object.entries(a.environment)) {
          if (reported(s, `environment.${k}`, ['rewritten'])) expect(b.environment[k], `${s}.${k}`).not.toContain('SECRET-MARKER');
          else expect(b.environment[k], `${s}.${k}`).toBe(v ?? `\${${k}}`);
        }
        const published = (ports: string[]) => ports.map((p) => p.split(':').slice(1).join(':')).sort();
        expect(published(b.ports), s).toEqual(published(a.ports).filter(() => !reported(s, 'ports', ['dropped'])));
      }
      const text = await readFile(path.join(dir, generated), 'utf8');
      expect(text).not.toContain('SECRET-MARKER');
    });
  }
});
