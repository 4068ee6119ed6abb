// `pyat plan` with each gate, in text and JSON, and the mistakes around `gate` and `--gate`: no Docker.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPyat } from '../../support/pyat.js';

const dir = mkdtempSync(join(tmpdir(), 'pyat-plan-gate-'));
const env = { DOCKER_HOST: 'unix:///nonexistent.sock' };
const registry = (extra = ''): string => `name: demo
${extra}services:
  db: { image: postgres:16, port: 5432, infra: true, health: { type: postgres } }
  fast: { image: example/fast:dev, port: 8001, depends_on: [db], health: { type: http } }
  slow: { image: example/slow:dev, port: 8002, depends_on: [db], health: { type: http } }
  api: { image: example/api:dev, port: 8003, depends_on: [fast], health: { type: http } }
`;
const plan = (args: string[], extra = ''): Promise<{ code: number; stdout: string; stderr: string }> => {
  writeFileSync(join(dir, 'services.yaml'), registry(extra));
  return runPyat(['-f', 'services.yaml', ...args], { cwd: dir, env });
};

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('pyat plan and the gate', () => {
  it('prints the tiers as before with the default gate (tiers)', async () => {
    const r = await plan(['plan']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('tier 0: db\ntier 1: fast, slow\ntier 2: api\n');
  });

  it("--gate deps adds each service's own wait list: api waits for fast only, not for slow", async () => {
    const r = await plan(['plan', '--gate', 'deps']);
    expect(r.stdout).toBe(
      [
        'tier 0: db',
        'tier 1: fast, slow',
        'tier 2: api',
        '',
        'gate deps: each service waits only for what it depends on',
        'db    starts at once',
        'fast  waits for db',
        'slow  waits for db',
        'api   waits for fast',
        '',
      ].join('\n'),
    );
  });

  it('the registry key gate: deps does the same; --gate tiers overrides it', async () => {
    expect((await plan(['plan'], 'gate: deps\n')).stdout).toContain('api   waits for fast');
    expect((await plan(['plan', '--gate', 'tiers'], 'gate: deps\n')).stdout).toBe('tier 0: db\ntier 1: fast, slow\ntier 2: api\n');
  });

  it("--json keeps the tiers and adds each service's tier, depends_on and what the gate makes it wait for", async () => {
    const json = JSON.parse((await plan(['plan', '--json'])).stdout) as Record<string, unknown>;
    expect(json).toEqual({
      project: 'demo',
      tiers: [['db'], ['fast', 'slow'], ['api']],
      gate: 'tiers',
      services: [
        { name: 'db', tier: 0, depends_on: [], waits_for: [] },
        { name: 'fast', tier: 1, depends_on: ['db'], waits_for: ['db'] },
        { name: 'slow', tier: 1, depends_on: ['db'], waits_for: ['db'] },
        { name: 'api', tier: 2, depends_on: ['fast'], waits_for: ['fast', 'slow'] },
      ],
    });
  });

  it('a gate that does not exist: exit 2, one line, on the command line and in the registry', async () => {
    const cli = await plan(['up', '--gate', 'fastest']);
    expect(cli.code).toBe(2);
    expect(cli.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/"fastest" is not a gate; use tiers or deps\.$/)]);
    const file = await plan(['validate'], 'gate: fastest\n');
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/services\.yaml:2:.*gate/);
  });

  it('restart of a service not in the registry: exit 2 before anything runs', async () => {
    const r = await plan(['restart', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toBe('pyat: no such service: nope — the registry declares: db, fast, slow, api');
  });
});
