import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_IMAGES, projectResources, requireDocker } from '../support/docker.js';
import { demoStack, type PyatRun, type ServicePatch, type TestStack } from '../support/pyat.js';

// `pyat doctor` against the real engine and host: what it finds on a machine that can run the
// demo stack, and each way one can not. Doctor starts nothing; each test asserts that too.
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService]);

interface DoctorReport {
  checks: { name: string; status: 'pass' | 'warn' | 'fail' | 'skip'; detail: string; fix: string | null }[];
  ok: boolean;
}

const report = (r: PyatRun): DoctorReport => JSON.parse(r.stdout) as DoctorReport;
const line = (d: DoctorReport, name: string) => {
  const found = d.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} line in ${JSON.stringify(d.checks.map((c) => c.name))}`);
  return found;
};
/** Nothing printed a stack trace. */
const noStack = (r: PyatRun): void => {
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toContain('internal error');
};

describe.skipIf(!docker.ok)('pyat doctor', { timeout: 60_000 }, () => {
  let stack: TestStack | undefined;
  const make = async (prefix: string, patches: Record<string, ServicePatch> = {}): Promise<TestStack> =>
    (stack = await demoStack(prefix, patches));
  afterEach(async () => {
    if (stack)
      expect(await projectResources(stack.project), 'doctor starts nothing').toEqual({ containers: [], networks: [], volumes: [] });
    await stack?.destroy();
    stack = undefined;
  });

  it('on a machine that can run the demo stack: exit 0, every check answered, one line each', async () => {
    const s = await make('doctor-ok');
    const r = await s.pyat(['doctor', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const d = report(r);
    expect(d.ok).toBe(true);
    expect(line(d, 'engine')).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^Docker Engine \d+\.\d+\S* \(API \d+\.\d+\) at /),
    });
    // Compose v1 is all this machine has: a warning, not a failure.
    expect(['pass', 'warn']).toContain(line(d, 'compose').status);
    expect(line(d, 'compose').detail).toMatch(/^Compose v[12] \d+\.\d+/);
    expect(line(d, 'disk').detail).toMatch(/GB free in \//);
    for (const [service, port] of Object.entries(s.ports))
      expect(line(d, `port ${port}`)).toMatchObject({ status: 'pass', detail: `127.0.0.1:${port} (${service}) is free` });
    for (const image of Object.values(LOCAL_IMAGES).filter((i) => !i.includes('debian')))
      expect(line(d, `image ${image}`).status).toBe('pass');
    expect(line(d, 'env').status).toBe('pass');
    expect(line(d, 'bind').status).toBe('pass');
    expect(d.checks.filter((c) => c.status === 'fail' || c.status === 'skip')).toEqual([]);

    const text = await s.pyat(['doctor']);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(d.checks.length + 2); // one per check, a blank line, the tally
    for (const [i, c] of d.checks.entries())
      expect(lines[i]).toMatch(new RegExp(`^${c.status}\\s+${c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`));
    expect(lines.at(-1)).toMatch(/^doctor: \d+ passed, \d+ warnings, 0 failed$/);
  });

  it('with DOCKER_HOST pointing nowhere: exit 3, one failing engine line with the fix, the engine checks skipped, no stack trace', async () => {
    const s = await make('doctor-no-engine');
    const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' };
    const r = await s.pyat(['doctor'], env);
    expect(r.code).toBe(3);
    noStack(r);
    const engineLines = r.stdout.split('\n').filter((l) => /^\S+\s+engine\s/.test(l));
    expect(engineLines).toHaveLength(1);
    expect(engineLines[0]).toMatch(
      /^fail\s+engine\s+Docker engine not reachable at unix:\/\/\/nonexistent\.sock: no such socket — fix: start Docker/,
    );
    const d = report(await s.pyat(['doctor', '--json'], env));
    expect(d.ok).toBe(false);
    expect(line(d, 'images')).toMatchObject({ status: 'skip', detail: 'not checked: the Docker engine is not reachable' });
    expect(line(d, 'disk').status).toBe('skip');
    // What needs no engine is still checked.
    expect(line(d, `port ${s.ports.gateway}`).status).toBe('pass');
    expect(line(d, 'compose').status).not.toBe('skip');
  });

  it('with a host port taken by another process: exit 3 and a failing line naming the port and the service', async () => {
    const s = await make('doctor-port');
    const port = s.ports.catalog!;
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const r = await s.pyat(['doctor']);
      expect(r.code).toBe(3);
      noStack(r);
      expect(r.stdout).toMatch(
        new RegExp(
          `^fail\\s+port ${port}\\s+127\\.0\\.0\\.1:${port} \\(catalog\\) is taken by another process — fix: find it with \`ss -ltnp 'sport = :${port}'\``,
          'm',
        ),
      );
      expect(r.stdout).toMatch(/doctor: \d+ passed, \d+ warnings, 1 failed/);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('with a required_env unset: exit 3 and the variable named; a set one is never printed', async () => {
    const value = `value-${Date.now()}-must-not-print`;
    const s = await make('doctor-env', { gateway: { required_env: ['PYAT_DOCTOR_MISSING', 'PYAT_DOCTOR_PRESENT'] } });
    const env: NodeJS.ProcessEnv = { ...process.env, PYAT_DOCTOR_PRESENT: value };
    delete env.PYAT_DOCTOR_MISSING;
    const r = await s.pyat(['doctor'], env);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(
      /^fail\s+env PYAT_DOCTOR_MISSING\s+not set \(required by gateway\) — fix: set PYAT_DOCTOR_MISSING in the environment or in \.env beside services\.yaml/m,
    );
    expect(r.stdout).toMatch(/^pass\s+env PYAT_DOCTOR_PRESENT\s+set \(required by gateway\)/m);
    const json = await s.pyat(['doctor', '--json'], env);
    for (const out of [r.stdout, r.stderr, json.stdout, json.stderr]) expect(out).not.toContain(value);
  });

  it('with a registry that does not load: exit 2 before any check', async () => {
    const s = await make('doctor-bad', { gateway: { depends_on: ['nowhere'] } });
    const r = await s.pyat(['doctor']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('nowhere');
  });
});
