// Start-up and scale, no Docker: `pyat --version`, and `validate` / `plan` of a generated
// 300-service registry, runs interleaved; `node -e 0` beside them is the floor no CLI goes under.

import { must } from '../lib/measure.mjs';
import { bigRegistry, pyatBin } from '../lib/stack.mjs';

/** `runs` of each command. */
export async function startupRuns(runs, size = 300) {
  const big = bigRegistry(size);
  const out = { registry: { services: size, lines: big.lines, kb: big.kb }, node: [], version: [], validate: [], plan: [] };
  for (let i = 0; i < runs; i += 1) {
    out.node.push((await must(process.execPath, ['-e', '0'])).ms);
    out.version.push((await must(process.execPath, [pyatBin, '--version'])).ms);
    out.validate.push((await must(process.execPath, [pyatBin, '-f', big.file, 'validate'])).ms);
    out.plan.push((await must(process.execPath, [pyatBin, '-f', big.file, 'plan'])).ms);
  }
  return out;
}
