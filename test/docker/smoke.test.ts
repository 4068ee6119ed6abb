import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_IMAGES, projectResources, requireDocker } from '../support/docker.js';
import { existingVolumes, mountedVolumes } from '../support/engine.js';
import { demoStack, type PyatRun, type ServicePatch, type TestStack } from '../support/pyat.js';

// `pyat smoke` against a real engine: each test its own copy of the demo stack, and after every
// run nothing of the project may be left — containers, networks, named volumes, and the
// anonymous volumes its containers mounted while they ran.
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- fast-xml-parser 5.12 still honours it; its replacement is a separate package
  htmlEntities: true,
  isArray: (n) => ['testsuite', 'testcase'].includes(n),
});
type Case = {
  name: string;
  classname: string;
  time: string;
  failure?: { message: string; type: string; '#text': string };
  skipped?: { message: string };
};
type Suite = {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  timestamp: string;
  hostname: string;
  testcase: Case[];
};

/** Reads and checks a JUnit file: well-formed, one suite; returns the suite. */
async function junit(file: string): Promise<Suite> {
  const xml = await readFile(file, 'utf8');
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- fast-xml-parser 5.12's validator still works; its replacement is a separate package
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as { testsuites: { testsuite: Suite[] } };
  expect(doc.testsuites.testsuite).toHaveLength(1);
  return doc.testsuites.testsuite[0]!;
}

// gateway alone (no upstreams): the smallest stack that carries the demo's smoke check.
const gatewayOnly = (env: Record<string, string | number> = {}, more: Record<string, unknown> = {}): Record<string, ServicePatch> => ({
  gateway: { depends_on: [], env: { UPSTREAMS: '', ...env }, ...more },
});

describe.skipIf(!docker.ok)('pyat smoke', { timeout: 150_000 }, () => {
  let stack: TestStack | undefined;
  let mounted = new Set<string>();
  let watching: NodeJS.Timeout | undefined;
  const make = async (prefix: string, patches: Record<string, ServicePatch> = {}): Promise<TestStack> => {
    stack = await demoStack(prefix, patches);
    // Anonymous volumes carry no project label: note every volume the containers mount while they run.
    const project = stack.project;
    watching = setInterval(
      () =>
        void mountedVolumes(project).then(
          (vs) => vs.forEach((v) => mounted.add(v)),
          () => undefined,
        ),
      250,
    );
    return stack;
  };
  /** Asserts that nothing of the project is left (what `smoke` itself must have removed). */
  const nothingLeft = async (s: TestStack): Promise<void> => {
    clearInterval(watching);
    expect(await projectResources(s.project)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(await existingVolumes([...mounted]), 'volumes the project mounted').toEqual([]);
  };
  const run = async (s: TestStack, args: string[], env?: NodeJS.ProcessEnv): Promise<PyatRun> => s.pyat(['smoke', ...args], env);
  afterEach(async () => {
    clearInterval(watching);
    mounted = new Set();
    await stack?.destroy();
    if (stack) expect(await projectResources(stack.project)).toEqual({ containers: [], networks: [], volumes: [] });
    stack = undefined;
  });

  it('a healthy demo stack whose smoke check passes: exit 0, a valid JUnit file with every test, a summary, and nothing left', async () => {
    const s = await make('smoke-ok');
    const xml = path.join(s.dir, 'reports/junit.xml');
    const md = path.join(s.dir, 'summary.md');
    const r = await run(s, ['--junit', xml, '--summary', md]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('smoke passed: 1/1 checks passed');
    expect(r.stderr).toContain(`tearing down project ${s.project}`);

    const suite = await junit(xml);
    expect(suite).toMatchObject({ name: `pyat smoke: ${s.project}`, tests: '7', failures: '0', errors: '0', skipped: '0' });
    expect(suite.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(suite.hostname).not.toBe('');
    expect(
      suite.testcase
        .filter((c) => c.classname === 'start')
        .map((c) => c.name)
        .sort(),
    ).toEqual(['catalog', 'checkout', 'gateway', 'orders', 'postgres', 'redis']);
    expect(suite.testcase.find((c) => c.classname === 'smoke.gateway')).toMatchObject({ name: 'echo' });
    for (const c of suite.testcase.filter((x) => x.classname === 'start')) expect(Number(c.time)).toBeGreaterThan(0);

    const summary = await readFile(md, 'utf8');
    expect(summary).toContain(`## pyat smoke: ${s.project} — ✅ passed`);
    expect(summary).toMatch(/\| gateway \| echo \| GET http:\/\/127\.0\.0\.1:\d+\/echo\?text=pyat \| passed \|/);
    await nothingLeft(s);
  });

  it('a smoke check that fails: exit 1, a JUnit failure with the log excerpt, one JSON report, and the stack still torn down', async () => {
    const s = await make(
      'smoke-check-fails',
      gatewayOnly({}, { smoke: [{ name: 'echo', path: '/echo?text=pyat', contains: 'not-in-the-body' }] }),
    );
    const xml = path.join(s.dir, 'junit.xml');
    const r = await run(s, ['gateway', '--junit', xml, '--json']);
    expect(r.code, r.stderr).toBe(1);
    // --json: exactly one JSON document on stdout, at the end.
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as {
      status: string;
      checks: { status: string; kind: string; message: string; logs: string[] }[];
      teardown: { removed: string[]; volumes: boolean };
    };
    expect(report.status).toBe('failed');
    expect(report.checks[0]).toMatchObject({
      status: 'failed',
      kind: 'contains',
      message: 'HTTP 200, but the body does not contain "not-in-the-body": pyat',
    });
    expect(report.teardown).toEqual({ removed: ['gateway'], volumes: true });

    const suite = await junit(xml);
    expect(suite).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '0' });
    const failed = suite.testcase.find((c) => c.classname === 'smoke.gateway')!;
    expect(failed.failure).toMatchObject({ type: 'contains' });
    expect(failed.failure!['#text']).toContain('last ');
    expect(failed.failure!['#text']).toContain('echo "pyat"'); // the service's own log line for the request
    await nothingLeft(s);
  });

  it('a service that never gets healthy: exit 1 with the diagnosis, its check skipped, no secret anywhere, and teardown', async () => {
    const token = `tok-${Date.now()}-secret`;
    const s = await make('smoke-unhealthy', gatewayOnly({ UNHEALTHY_REASON: 'upstream key ${PYAT_SMOKE_TOKEN} rejected' }));
    const xml = path.join(s.dir, 'junit.xml');
    const md = path.join(s.dir, 'summary.md');
    const r = await run(s, ['gateway', '--timeout', '3s', '--junit', xml, '--summary', md], { ...process.env, PYAT_SMOKE_TOKEN: token });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('gateway failed (timeout): not ready after 3s: HTTP 503');
    expect(r.stdout).toContain('upstream key *** rejected');
    expect(r.stdout).toMatch(/last \d+ log lines:/);
    const suite = await junit(xml);
    expect(suite).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '1' });
    expect(suite.testcase[0]!.failure).toMatchObject({ type: 'timeout' });
    expect(suite.testcase[1]!.skipped).toEqual({ message: 'not run: gateway is failed' });
    const summary = await readFile(md, 'utf8');
    expect(summary).toContain('#### gateway (timeout)');
    for (const text of [r.stdout, r.stderr, summary, await readFile(xml, 'utf8')]) expect(text).not.toContain(token);
    await nothingLeft(s);
  });

  it('--keep leaves the stack running; the summary is appended to $GITHUB_STEP_SUMMARY', async () => {
    const s = await make('smoke-keep', gatewayOnly());
    const stepSummary = path.join(s.dir, 'step-summary.md');
    await appendFile(stepSummary, 'earlier step\n');
    const r = await run(s, ['gateway', '--keep'], { ...process.env, GITHUB_STEP_SUMMARY: stepSummary });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('--keep');
    const left = await projectResources(s.project);
    expect(left.containers).toHaveLength(1);
    const res = await fetch(`http://127.0.0.1:${s.ports.gateway}/echo?text=still-up`);
    expect(await res.text()).toBe('still-up');
    const summary = await readFile(stepSummary, 'utf8');
    expect(summary.startsWith('earlier step\n## pyat smoke:')).toBe(true);
    // Cleaned up by afterEach (stack.destroy), which asserts nothing is left.
  });

  it('Ctrl-C during start-up: exit 130, and the stack is torn down all the same', async () => {
    // Listening only after 60 s: the interrupt always lands while gateway is still probing.
    const s = await make('smoke-interrupt', gatewayOnly({ START_DELAY_MS: 60_000 }));
    const pending = run(s, ['gateway']);
    for (let i = 0; i < 200 && (await projectResources(s.project)).containers.length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    // What withInterrupt listens to; emitted in-process, as a terminal's Ctrl-C would deliver it.
    process.emit('SIGINT', 'SIGINT');
    const r = await pending;
    expect(r.code, r.stdout + r.stderr).toBe(130);
    expect(r.stdout).toContain('interrupted');
    await nothingLeft(s);
  });
});
