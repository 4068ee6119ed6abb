import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dockerClient, LOCAL_IMAGES, projectResources, requireDocker } from '../support/docker.js';
import { demoStack, runPyat, type PyatRun, type TestStack } from '../support/pyat.js';
import { recordCounts } from '../unit/reliability/counts.js';
import { containerOf, destroyAndCheck, upReport } from './up-helpers.js';

// A marker secret in the stack's .env, used as the Postgres password (and so inside catalog's
// DATABASE_URL), an API key and a token; and a second one as a probe password under a name that
// does not look secret. Every output of pyat is searched for both: files, every format, errors,
// and the log of a service that prints its whole environment on its way out.
const BUSYBOX = 'busybox-local:latest';
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.demoService, BUSYBOX]);

const SECRET = `PYAT_MARKER_S3CR3T_${randomBytes(6).toString('hex')}`;
const PROBE_SECRET = `PYAT_MARKER_PROBE_${randomBytes(6).toString('hex')}`;
const DOTENV = [`DEMO_PG_PASSWORD=${SECRET}`, `API_KEY=${SECRET}`, `AIRTABLE_TOKEN=${SECRET}`, `PROBE_PHRASE=${PROBE_SECRET}`].join('\n');
const KEYS = { API_KEY: '${API_KEY}', AIRTABLE_TOKEN: '${AIRTABLE_TOKEN}' };

describe.skipIf(!docker.ok)('secrets never reach pyat output; ports stay on loopback', { timeout: 90_000 }, () => {
  let stack: TestStack;
  let checks = 0;
  let leaks = 0;
  const clean = (label: string, ...texts: string[]): void => {
    for (const text of texts) {
      checks++;
      const found = [SECRET, PROBE_SECRET].filter((s) => text.includes(s));
      if (found.length > 0) leaks++;
      expect(found, `${label} shows a secret:\n${text}`).toEqual([]);
    }
  };
  const run = async (label: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<PyatRun> => {
    const r = await stack.pyat(args, env);
    clean(`pyat ${label}`, r.stdout, r.stderr);
    return r;
  };

  beforeAll(async () => {
    stack = await demoStack('secrets', {
      redis: null,
      orders: null,
      checkout: null,
      gateway: null,
      catalog: { depends_on: ['postgres'], env: { REDIS_URL: '', ...KEYS } },
      // Prints its whole environment (DATABASE_URL with the password, the key, the token) and exits.
      leaky: {
        image: BUSYBOX,
        command: ['env'],
        port: 58009,
        depends_on: ['postgres'],
        profiles: ['leaky'],
        env: { DATABASE_URL: 'postgresql://demo:${DEMO_PG_PASSWORD}@postgres:5432/demo', ...KEYS },
        health: { type: 'tcp', interval: '100ms' },
      },
    });
    await writeFile(path.join(stack.dir, '.env'), `${DOTENV}\n`);
  });
  afterAll(async () => {
    recordCounts({ secretChecks: checks, leaksFound: leaks });
    await destroyAndCheck(stack);
  });

  it('the secret really reaches the containers (else the checks below would prove nothing), and up shows it nowhere', async () => {
    const json = await run('up --json', ['up', 'catalog', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const env = (
      await dockerClient()
        .getContainer((await containerOf(stack.project, 'catalog')).id)
        .inspect()
    ).Config.Env;
    expect(env).toEqual(
      expect.arrayContaining([`API_KEY=${SECRET}`, `AIRTABLE_TOKEN=${SECRET}`, expect.stringContaining(`:${SECRET}@postgres`)]),
    );
    const text = await run('up', ['up', 'catalog']);
    expect(text.code, text.stderr).toBe(0);
  });

  it('every published port of the running stack is bound to 127.0.0.1', async () => {
    const running = await dockerClient().listContainers({ filters: { label: [`com.docker.compose.project=${stack.project}`] } });
    const ips = running.flatMap((c) => c.Ports.filter((p) => p.PublicPort).map((p) => `${c.Labels['com.docker.compose.service']} ${p.IP}`));
    expect(ips.sort()).toEqual(['catalog 127.0.0.1', 'postgres 127.0.0.1']);
  });

  it('the generated Compose files hold ${VAR} references, never a value', async () => {
    expect((await run('generate', ['generate'])).code).toBe(0);
    const generated = await readFile(path.join(stack.dir, 'compose/docker-compose.yml'), 'utf8');
    const runtime = await readFile(path.join(stack.dir, 'compose/.pyat', `${stack.project}.yml`), 'utf8');
    clean('compose/docker-compose.yml', generated);
    clean('the runtime Compose file', runtime);
    for (const file of [generated, runtime]) expect(file).toContain('${API_KEY');
  });

  it('status in every format, plan, validate and logs show no secret', async () => {
    const summary = path.join(stack.dir, 'step-summary.md');
    for (const args of [
      ['status'],
      ['status', '--json'],
      ['status', '--format', 'markdown'],
      ['plan'],
      ['plan', '--json'],
      ['validate'],
      ['validate', '--json'],
      ['logs', 'catalog'],
      ['logs'],
    ]) {
      const r = await run(args.join(' '), args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBeLessThan(2);
    }
    await run('status --summary', ['status', '--summary'], { ...process.env, GITHUB_STEP_SUMMARY: summary });
    clean('the --summary file', await readFile(summary, 'utf8'));
  });

  it('a service that prints the secret on its way out: the failure report and `pyat logs` show *** in its place', async () => {
    const json = await run('up leaky --json', ['up', 'leaky', '--json']);
    expect(json.code, json.stderr).toBe(1);
    const failure = upReport(json.stdout).outcome('leaky').failure!;
    expect(failure.reason).toBe('exited');
    // The lines are there, scrubbed: the scrubber acted on real output, not on an empty log.
    expect(failure.logs).toEqual(expect.arrayContaining(['API_KEY=***', 'DATABASE_URL=postgresql://demo:***@postgres:5432/demo']));
    await run('up leaky', ['up', 'leaky']);
    const logs = await run('logs leaky', ['logs', 'leaky']);
    expect(logs.stdout).toContain('AIRTABLE_TOKEN=***');
    // Followed, the log is a stream (of an exited container: it ends); scrubbed all the same.
    const followed = await run('logs leaky --follow', ['logs', 'leaky', '--follow']);
    expect(followed.stdout).toContain('AIRTABLE_TOKEN=***');
  });

  it('doctor shows no secret', async () => {
    await run('doctor', ['doctor']);
    await run('doctor --json', ['doctor', '--json']);
  });

  it('the JUnit and Markdown reports of smoke show no secret', async () => {
    const junit = path.join(stack.dir, 'junit.xml');
    const markdown = path.join(stack.dir, 'smoke.md');
    // Everything is up already: smoke checks it and, having started nothing, tears nothing down.
    const r = await run('smoke', ['smoke', 'catalog', '--junit', junit, '--summary', markdown]);
    expect(r.code, r.stderr).toBe(0);
    clean('the JUnit report', await readFile(junit, 'utf8'));
    clean('the smoke Markdown', await readFile(markdown, 'utf8'));
  });

  it('a Postgres probe with a wrong password (a reference to the second marker) fails without showing it', async () => {
    const pg = stack.registry.services.postgres!;
    pg.health = { type: 'postgres', password: '${PROBE_PHRASE}' };
    await stack.save();
    const json = await run('up postgres --json (wrong probe password)', ['up', 'postgres', '--timeout', '30s', '--json']);
    expect(json.code, json.stderr).toBe(1);
    expect(upReport(json.stdout).outcome('postgres').failure!.message).toContain('password authentication failed');
    await run('up postgres (wrong probe password)', ['up', 'postgres', '--timeout', '30s']);
    await run('status (wrong probe password)', ['status', '--json']);
  });

  it('a .env line that is not KEY=value is reported by line, without its text', async () => {
    await writeFile(path.join(stack.dir, '.env'), `${DOTENV}\nthis line holds ${SECRET} and no equals sign\n`);
    const r = await run('validate (broken .env)', ['validate']);
    expect(`${r.stdout}${r.stderr}`).toMatch(/\.env:5/);
    await writeFile(path.join(stack.dir, '.env'), `${DOTENV}\n`);
  });

  it('validate and doctor warn about a port published on all interfaces', async () => {
    const open = {
      ...stack.registry,
      services: {
        ...stack.registry.services,
        catalog: { ...stack.registry.services.catalog, port: { host: stack.ports.catalog, container: 58001, bind: '0.0.0.0' } },
      },
    };
    await writeFile(path.join(stack.dir, 'open.yaml'), stringify(open));
    const r = await run('validate (0.0.0.0)', ['-f', path.join(stack.dir, 'open.yaml'), 'validate']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: service "catalog" is published on all interfaces \(0\.0\.0\.0:\d+\)/);
    const doctor = await run('doctor (0.0.0.0)', ['-f', path.join(stack.dir, 'open.yaml'), 'doctor']);
    expect(doctor.stdout).toMatch(/catalog publishes port \d+ on all interfaces \(0\.0\.0\.0\)/);
  });
});

// Hostile names and paths, up against a real engine: nothing they hold is ever run.
describe.skipIf(!docker.ok)('nothing pyat runs goes through a shell', { timeout: 90_000 }, () => {
  const token = randomBytes(4).toString('hex');
  const pwned = `/tmp/pwned-${token}`;
  let stack: TestStack;
  let tried = 0;
  let hostileImage: object = {};
  const images: string[] = [];
  const pyat = (args: string[]): Promise<PyatRun> => (tried++, stack.pyat(args));

  beforeAll(async () => {
    // Three demo services only for their three free test ports; the services are replaced below.
    stack = await demoStack('hostile', { postgres: null, redis: null, orders: null });
    const contexts = [`ctx; touch ${pwned}`, `\`touch pwned-${token}\``];
    for (const dir of contexts) {
      await mkdir(path.join(stack.dir, dir), { recursive: true });
      await writeFile(path.join(stack.dir, dir, 'Dockerfile'), `FROM ${BUSYBOX}\nCMD ["sleep", "300"]\n`);
    }
    const { catalog, checkout, gateway } = stack.ports;
    // http, not tcp: Docker's port proxy accepts a TCP connection even when nothing listens inside.
    const svc = (port: number | undefined, keys: object) => ({ ...keys, port, health: { type: 'http', timeout: '5s' } });
    images.push(`pyattest/hostile-ctx:${token}`, `pyattest/hostile-subst:${token}`);
    hostileImage = svc(catalog, { image: `example/x:1; touch ${pwned}` });
    stack.registry.services = {
      ctx: svc(checkout, { build: `./${contexts[0]}`, image: images[0] }),
      // Backticks, not `$(…)`: the registry refuses a bare `$(` as interpolation (injection.test.ts).
      subst: svc(gateway, { build: `./${contexts[1]}`, image: images[1] }),
    };
    await stack.save();
  });
  afterAll(async () => {
    recordCounts({ hostileEngineRuns: tried });
    await destroyAndCheck(stack);
    await Promise.allSettled(images.map((i) => dockerClient().getImage(i).remove({ force: true })));
  });
  const unharmed = (): void => {
    expect(existsSync(pwned), pwned).toBe(false);
    expect(existsSync(path.join(stack.dir, `pwned-${token}`))).toBe(false);
  };

  it('a hostile image name is refused before anything runs (exit 2) and runs nothing', async () => {
    const file = path.join(stack.dir, 'hostile-image.yaml');
    await writeFile(file, stringify({ ...stack.registry, services: { image: hostileImage } }));
    tried += 1;
    const r = await runPyat(['-f', file, 'up', '--no-build'], { cwd: stack.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/services\.image\.image: .*is not valid/);
    unharmed();
    expect(await projectResources(stack.project)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('hostile build contexts: --no-build refuses (exit 3), a real build takes them as paths', async () => {
    const refused = await pyat(['up', 'ctx', 'subst', '--no-build']);
    expect(refused.code, refused.stderr).toBe(3);
    unharmed();
    const built = await pyat(['up', 'ctx', 'subst', '--timeout', '2s', '--json']);
    unharmed();
    // Built and created from those very directories; `sleep` never answers HTTP, so a timeout.
    expect(built.code, built.stderr).toBe(1);
    expect(upReport(built.stdout).summary.outcomes.map((o) => o.failure?.reason ?? o.status)).toContain('timeout');
    for (const service of ['ctx', 'subst']) await containerOf(stack.project, service);
    const tags = await Promise.all(
      images.map((i) =>
        dockerClient()
          .getImage(i)
          .inspect()
          .then(() => i),
      ),
    );
    expect(tags).toEqual(images);
  });

  it('a hostile project name (-p) is refused before anything runs', async () => {
    for (const name of [`x; touch ${pwned}`, '../../../../tmp/escape', `$(touch pwned-${token})`]) {
      const r = await pyat(['-p', name, 'up', '--no-build']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('is not a project name');
    }
    unharmed();
    const pgrep = await execa('pgrep', ['-f', pwned], { reject: false });
    expect(pgrep.stdout).toBe('');
  });
});
