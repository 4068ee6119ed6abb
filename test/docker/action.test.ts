import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_IMAGES, projectResources, requireDocker, waitFor } from '../support/docker.js';
import { demoFiles, type DemoFiles } from '../support/demo-files.js';
import { runAction, type ActionRun } from '../support/github-action.js';
import { runPyat } from '../support/pyat.js';

// pyat's GitHub Action (action.yml) without GitHub: its `run:` steps, with the inputs substituted
// as the runner would, against the demo stack on the real engine. The demo comes as three files
// (services.yaml, local.yaml for the local images, ports.yaml for test ports) in its own folder.
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService]);
const repo = path.resolve(import.meta.dirname, '../..');
// The action builds pyat with `npm ci` when its checkout has no dist/: never here, in the work tree.
if (docker.ok && !existsSync(path.join(repo, 'dist/cli/pyat.cjs'))) throw new Error('dist/cli/pyat.cjs missing: run `npm run build` first');

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testcase' });

describe.skipIf(!docker.ok)("pyat's GitHub Action, run locally", { timeout: 240_000 }, () => {
  let demo: DemoFiles | undefined;
  afterEach(async () => {
    await demo?.destroy();
    demo = undefined;
  });

  const action = async (inputs: Record<string, string>, onStep?: (id: string, child: ResultPromise) => void): Promise<ActionRun> => {
    demo = await demoFiles('action');
    const run = await runAction({
      actionPath: repo,
      workspace: demo.dir,
      inputs: { 'working-directory': demo.dir, files: demo.files.join('\n'), 'project-name': demo.project, ...inputs },
      ...(onStep ? { onStep } : {}),
    });
    return run;
  };

  it('smoke brings the demo up, writes the JUnit file and the job summary, sets the outputs and leaves nothing behind', async () => {
    const run = await action({ junit: 'reports/pyat-junit.xml' });
    expect(run.exitCode, run.log).toBe(0);
    // Node 20+ is here: actions/setup-node would not run.
    expect(run.wouldUse).toEqual([]);
    const junit = path.join(demo!.dir, 'reports/pyat-junit.xml');
    expect(run.outputs).toEqual({ healthy: '6', total: '6', junit, status: 'passed' });
    const suite = (xml.parse(await readFile(junit, 'utf8')) as { testsuites: { testsuite: { tests: string; failures: string } } })
      .testsuites.testsuite;
    expect({ tests: suite.tests, failures: suite.failures }).toEqual({ tests: '7', failures: '0' });
    expect(run.summary).toContain(`## pyat smoke: ${demo!.project} — ✅ passed`);
    expect(run.summary).toContain('| gateway | 3 | healthy |');
    expect(await projectResources(demo!.project)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('command: up leaves the stack healthy for later steps, which take it down with `pyat down`', async () => {
    const run = await action({ command: 'up', services: 'checkout' });
    expect(run.exitCode, run.log).toBe(0);
    expect(run.outputs).toEqual({ healthy: '5', total: '5', junit: '', status: 'healthy' });
    expect(run.summary).toContain('checkout');
    const running = await projectResources(demo!.project);
    expect(running.containers).toHaveLength(5);
    // The later step of the README's example.
    const down = await runPyat([...demo!.files.flatMap((f) => ['-f', f]), '-p', demo!.project, 'down', '--volumes'], { cwd: demo!.dir });
    expect(down.code, down.stderr).toBe(0);
    expect((await projectResources(demo!.project)).containers).toEqual([]);
  });

  it('a cancelled job (SIGINT to the step’s shell only) still tears the stack down', async () => {
    let step: ResultPromise | undefined;
    const running = action({}, (id, child) => {
      if (id === 'pyat') step = child;
    });
    // Cancel while the stack is coming up: once the first container of the project exists.
    await waitFor(
      'a container of the project',
      async () => {
        if (!step || !demo || (await projectResources(demo.project)).containers.length === 0) throw new Error('none yet');
      },
      { timeoutMs: 90_000 },
    );
    step!.kill('SIGINT');
    const run = await running;
    expect(run.exitCode, run.log).toBe(130);
    expect(await projectResources(demo!.project)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});

// The step that calls pyat, alone, with a stand-in `pyat` that records how it was called: no engine needed.
describe('how the action calls pyat', () => {
  const calls = async (inputs: Record<string, string>): Promise<string[]> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pyat-args-'));
    try {
      const log = path.join(dir, 'calls');
      const fake = [
        '#!/usr/bin/env bash',
        `printf '%s\\n' "$*" >>'${log}'`,
        'case " $* " in *" plan "*) echo \'{"tiers":[["db"],["api"]]}\' ;; *" status "*) echo \'{"healthy":2,"total":2}\' ;; esac',
      ];
      await writeFile(path.join(dir, 'pyat'), `${fake.join('\n')}\n`, { mode: 0o755 });
      const run = await runAction({
        actionPath: repo,
        workspace: dir,
        inputs,
        only: ['pyat'],
        env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` },
      });
      expect(run.exitCode, run.log).toBe(0);
      return (await readFile(log, 'utf8')).trim().split('\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it('passes every file, profile and service, and --gate only when it is set', async () => {
    expect(await calls({ files: 'a.yaml\nb.yaml, c.yaml', profiles: 'x,y', services: 'api web', timeout: '2m' })).toEqual([
      '-f a.yaml -f b.yaml -f c.yaml --profile x --profile y smoke --timeout 2m --junit pyat-junit.xml api web',
    ]);
    expect(await calls({ gate: 'deps', keep: 'true', 'project-name': 'p1' })).toEqual([
      '-f services.yaml -p p1 smoke --gate deps --junit pyat-junit.xml --keep',
    ]);
  });

  it('with command: up, adds --down-on-failure unless keep, then asks status about the services up started', async () => {
    expect(await calls({ command: 'up', services: 'api' })).toEqual([
      '-f services.yaml up --down-on-failure api',
      '-f services.yaml plan --json api',
      '-f services.yaml status --json --summary db api',
    ]);
  });
});
