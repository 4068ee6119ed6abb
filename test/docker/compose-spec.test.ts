// The generated file against the Compose Specification's JSON schema (as shipped with the Compose
// that .ci/run installs from Debian), against `docker-compose config` itself (v1), and against
// `docker compose config` (v2, which scripts/docker-env.sh unpacks into its own folder).

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildComposeModel, type ComposeTarget } from '../../src/compose/model.js';
import { renderComposeFile } from '../../src/compose/render.js';
import { loadRegistry } from '../../src/registry/load.js';
import { COMPOSE_V2_DIR, composeV2Config, haveComposeV2 } from '../support/compose-v2.js';

const repo = path.resolve(import.meta.dirname, '../..');
// Debian's docker-compose package ships the Compose Specification schema it validates with.
const SPEC_SCHEMA = '/usr/lib/python3/dist-packages/compose/config/compose_spec.json';
const haveSchema = existsSync(SPEC_SCHEMA);
const haveV1 = (await execa('docker-compose', ['version', '--short'], { reject: false })).exitCode === 0;
if (process.env.CI && (!haveSchema || !haveV1)) throw new Error('CI: docker-compose (Debian) must be installed by scripts/docker-env.sh');
if (!haveSchema || !haveV1)
  console.warn('skipping Compose schema checks: Debian docker-compose is not installed (run scripts/docker-env.sh)');
if (process.env.CI && !haveComposeV2) throw new Error(`CI: Compose v2 must be unpacked into ${COMPOSE_V2_DIR} by scripts/docker-env.sh`);
if (!haveComposeV2) console.warn(`skipping the Compose v2 config checks: no ${COMPOSE_V2_DIR}/docker-compose (run scripts/docker-env.sh)`);
// One DOCKER_CONFIG for the file's v2 runs, made on first use.
let v2Config: Promise<string> | undefined;
const v2ConfigDir = (): Promise<string> => (v2Config ??= composeV2Config());
afterAll(async () => {
  if (v2Config) await rm(await v2Config, { recursive: true, force: true });
});

/** Renders a registry for a target into a temp dir that has the build contexts it names. */
async function rendered(registryFile: string, target: ComposeTarget): Promise<{ text: string; dir: string }> {
  const { registry } = await loadRegistry([registryFile], { cwd: repo, env: {}, checkEnv: false });
  const dir = path.join(registry.baseDir, 'compose');
  return { text: renderComposeFile(buildComposeModel(registry, { outDir: dir, target }), registry.files, dir), dir };
}

/** A copy of the layout the file expects (compose/ beside empty build contexts), with the file written in it. */
async function inLayout(text: string): Promise<string> {
  // Compose insists that build contexts exist; the PyAirtable services' code lives in their own
  // repositories, so the check runs in a copy of the layout with empty contexts.
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'pyat-config-'));
  const project = path.join(tmp, 'compose');
  await mkdir(project);
  const model = parse(text) as { services: Record<string, { build?: { context: string } }> };
  for (const svc of Object.values(model.services))
    if (svc.build) await mkdir(path.resolve(project, svc.build.context), { recursive: true });
  const out = path.join(project, 'docker-compose.yml');
  await writeFile(out, text);
  return out;
}

/** The spec schema; `start_interval` (added to the spec in 2023, after this schema) is allowed beside start_period. */
function specValidator() {
  const schema = JSON.parse(readFileSync(SPEC_SCHEMA, 'utf8'));
  delete schema.$schema; // written as draft 2019-09 with a trailing '#', which Ajv does not resolve
  stripLegacyIds(schema);
  schema.definitions.healthcheck.properties.start_interval = { type: 'string', format: 'duration' };
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
}

/** Removes the draft-04 `id` annotations ("#/properties/services") that Ajv refuses in newer drafts. */
function stripLegacyIds(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (typeof obj.id === 'string') delete obj.id;
  for (const value of Object.values(obj)) stripLegacyIds(value);
}

const registries = ['services.yaml', 'examples/demo/services.yaml', 'test/fixtures/golden/services.yaml'];
const env = { ...process.env, POSTGRES_PASSWORD: 'x', REDIS_PASSWORD: 'x', API_KEY: 'x', DB_PASSWORD: 'x', CACHE_PASSWORD: 'x' };

describe.skipIf(!haveSchema || !haveV1)('the generated Compose file', () => {
  for (const file of registries) {
    it(`of ${file} validates against the Compose Specification schema`, async () => {
      const validate = specValidator();
      for (const target of ['spec', 'v1'] as const) {
        const ok = validate(parse((await rendered(path.join(repo, file), target)).text));
        expect(validate.errors ?? [], `${target}: ${JSON.stringify(validate.errors)}`).toEqual([]);
        expect(ok).toBe(true);
      }
    });

    it(`of ${file} is accepted by docker-compose config (Compose v1) in its v1 form`, async () => {
      const { text, dir } = await rendered(path.join(repo, file), 'v1');
      const out = await inLayout(text);
      expect(path.basename(dir)).toBe('compose');
      const r = await execa('docker-compose', ['-f', out, '-p', 'pyatconfigtest', 'config', '-q'], {
        env: { ...env, AIRTABLE_TOKEN: 'x', GEMINI_API_KEY: 'x' },
        reject: false,
      });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
    });
  }

  it.skipIf(!haveComposeV2).each(registries)(
    'of %s is accepted by docker compose config (Compose v2) as generated, and v2 reads the same services, ports and healthchecks',
    async (file) => {
      const { text } = await rendered(path.join(repo, file), 'spec');
      const out = await inLayout(text);
      const v2Env = { ...env, AIRTABLE_TOKEN: 'x', GEMINI_API_KEY: 'x', DOCKER_CONFIG: await v2ConfigDir() };
      type Service = {
        ports?: ({ host_ip: string; published: string; target: number } | string)[];
        healthcheck?: { start_interval?: string };
        profiles?: string[];
      };
      const written = parse(text) as { services: Record<string, Service> };
      // Every profile on, so that v2 reads every service.
      const profiles = [...new Set(Object.values(written.services).flatMap((svc) => svc.profiles ?? []))].flatMap((p) => ['--profile', p]);
      const r = await execa('docker', ['compose', '-f', out, '-p', 'pyatconfigtest', ...profiles, 'config', '--format', 'json'], {
        env: v2Env,
        reject: false,
      });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      const seen = JSON.parse(r.stdout) as { services: Record<string, Service> };
      expect(Object.keys(seen.services).sort()).toEqual(Object.keys(written.services).sort());
      for (const [name, svc] of Object.entries(written.services)) {
        expect(Boolean(seen.services[name]!.healthcheck), name).toBe(Boolean(svc.healthcheck));
        // v2 reads each port as written: 127.0.0.1 unless the registry asked for another address.
        const ports = (seen.services[name]!.ports ?? []).map((p) =>
          typeof p === 'string' ? p : `${p.host_ip}:${p.published}:${p.target}`,
        );
        expect(ports, name).toEqual(svc.ports ?? []);
      }
      // The spec form keeps start_interval, and v2 keeps it (the runtime copy drops it for engines before API 1.44).
      expect(Object.values(seen.services).some((svc) => svc.healthcheck?.start_interval)).toBe(true);
    },
  );

  it('values YAML 1.1 reads as booleans, numbers or dates reach Compose v1 (and v2) as the strings the registry holds', async () => {
    const env = { DEBUG: 'yes', CACHE: 'off', FLAG: 'n', TIMEOUT: '1:30', MODE: '0755', OCTAL: '0o17', DAY: '2001-12-14', BIG: '1_000' };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pyat-yaml11-'));
    const file = path.join(dir, 'services.yaml');
    await writeFile(
      file,
      `name: yaml11\nservices:\n  web:\n    image: busybox\n    command: [echo, "yes"]\n    env: ${JSON.stringify(env)}\n    health: { type: none }\n`,
    );
    const { registry } = await loadRegistry([file], { cwd: dir, env: {}, checkEnv: false });
    const out = path.join(dir, 'compose', 'docker-compose.yml');
    await mkdir(path.dirname(out));
    await writeFile(
      out,
      renderComposeFile(buildComposeModel(registry, { outDir: path.dirname(out), target: 'v1' }), registry.files, path.dirname(out)),
    );
    const v1 = await execa('docker-compose', ['-f', out, 'config'], { reject: false });
    expect(v1.stderr).toBe('');
    // v1 prints YAML 1.1 (PyYAML), and is read as such.
    const read = parse(v1.stdout, { version: '1.1' }) as { services: { web: { environment: Record<string, string>; command: string[] } } };
    expect(read.services.web.environment).toEqual(env);
    expect(read.services.web.command).toEqual(['echo', 'yes']);
    if (!haveComposeV2) return;
    const v2 = await execa('docker', ['compose', '-f', out, 'config', '--format', 'json'], {
      env: { ...process.env, DOCKER_CONFIG: await v2ConfigDir() },
      reject: false,
    });
    expect(v2.stderr).toBe('');
    expect((JSON.parse(v2.stdout) as typeof read).services.web.environment).toEqual(env);
  });

  it('the schema check can fail: an unknown service key is refused', () => {
    const validate = specValidator();
    expect(validate({ services: { web: { image: 'x', healthcheck: { start_intervals: '1s' } } } })).toBe(false);
  });

  it('Compose v1 rejects start_interval, which is why the v1 form drops it', async () => {
    const { text, dir } = await rendered(path.join(repo, 'examples/demo/services.yaml'), 'spec');
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'pyat-config-'));
    await writeFile(path.join(tmp, 'docker-compose.yml'), text);
    const r = await execa('docker-compose', ['-f', path.join(tmp, 'docker-compose.yml'), '--project-directory', dir, 'config', '-q'], {
      env,
      reject: false,
    });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('start_interval');
  });
});
