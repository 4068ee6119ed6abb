// The step outputs of a smoke run for GitHub Actions ($GITHUB_OUTPUT): how many services came up
// healthy, how many there were, the verdict and where the JUnit file is. A step reads them as
// `steps.<id>.outputs.healthy`; pyat's own action (action.yml) passes them on as its outputs.

import type { SmokeReport } from './types.js';

/** `name=value` lines for $GITHUB_OUTPUT (every value is one line); `junit` is the written file's absolute path or empty. */
export function githubOutputLines(report: SmokeReport, junit: string | undefined): string {
  const outcomes = report.launch.outcomes;
  // A service already healthy before the run counts as healthy: it passed the same probe.
  const healthy = outcomes.filter((o) => o.status === 'healthy' || o.status === 'already-healthy').length;
  const lines = [`healthy=${String(healthy)}`, `total=${String(outcomes.length)}`, `status=${report.status}`, `junit=${junit ?? ''}`];
  return `${lines.join('\n')}\n`;
}
