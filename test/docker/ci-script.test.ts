import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_IMAGES, projectResources, requireDocker } from '../support/docker.js';
import { demoFiles, type DemoFiles } from '../support/demo-files.js';

// examples/ci/pyat-smoke.sh, the plain script for Jenkins and other CI systems, run as such a CI
// would run it: in the folder of the registry files, settings from PYAT_* variables, and `pyat`
// on PATH (the built one of this work tree).
const docker = await requireDocker([LOCAL_IMAGES.postgres, LOCAL_IMAGES.redis, LOCAL_IMAGES.demoService]);
const repo = path.resolve(import.meta.dirname, '../..');

describe.skipIf(!docker.ok)('the plain CI script (examples/ci/pyat-smoke.sh)', { timeout: 240_000 }, () => {
  let demo: DemoFiles | undefined;
  let bin = '';
  afterEach(async () => {
    await demo?.destroy();
    if (bin) await rm(bin, { recursive: true, force: true });
  });

  it('smokes the stack, writes the JUnit and Markdown reports, and removes the stack', async () => {
    demo = await demoFiles('ci-script');
    bin = await mkdtemp(path.join(os.tmpdir(), 'pyat-bin-'));
    await writeFile(path.join(bin, 'pyat'), `#!/bin/sh\nexec node '${path.join(repo, 'dist/cli/pyat.cjs')}' "$@"\n`);
    await chmod(path.join(bin, 'pyat'), 0o755);
    const r = await execa('bash', [path.join(repo, 'examples/ci/pyat-smoke.sh')], {
      cwd: demo.dir,
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, PYAT_FILES: demo.files.join(','), PYAT_PROJECT: demo.project },
      reject: false,
      all: true,
    });
    expect(r.exitCode, r.all).toBe(0);
    expect(await readFile(path.join(demo.dir, 'reports/pyat-junit.xml'), 'utf8')).toContain('failures="0"');
    expect(await readFile(path.join(demo.dir, 'reports/pyat-summary.md'), 'utf8')).toContain('✅ passed');
    expect(await projectResources(demo.project)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
