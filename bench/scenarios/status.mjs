// Status on a running stack: `pyat status --json` (every probe runs) against `compose ps`, runs
// alternating, on one stack that pyat brought up.

import { composeArgs } from '../lib/compose.mjs';
import { removeProject } from '../lib/engine.mjs';
import { must, run } from '../lib/measure.mjs';
import { pyatBin } from '../lib/stack.mjs';

/** `runs` of each, alternating; the stack is brought up first and removed at the end. */
export async function statusRuns(compose, stack, composeFile, project, runs) {
  const out = { pyat: [], composePs: [] };
  await removeProject(project);
  try {
    await must(process.execPath, [pyatBin, '-f', stack.file, '-p', project, 'up', '--json'], { cwd: stack.dir });
    for (let i = 0; i < runs; i += 1) {
      const p = await run(process.execPath, [pyatBin, '-f', stack.file, '-p', project, 'status', '--json'], { cwd: stack.dir });
      if (p.code !== 0) throw new Error(`pyat status exited ${p.code} on a healthy stack:\n${p.stderr}${p.stdout}`);
      out.pyat.push(p.ms);
      out.composePs.push((await must(compose.argv[0], composeArgs(compose, project, composeFile, ['ps']))).ms);
    }
  } finally {
    await removeProject(project);
  }
  return out;
}
