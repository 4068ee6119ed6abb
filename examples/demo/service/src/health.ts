// The honest health answer: every upstream is asked, in parallel, each within its budget.
import { withinBudget, type UpstreamCheck } from './check.js';
import type { Config } from './config.js';

/** One reason the service is not healthy. */
export interface Failure {
  upstream: string;
  reason: string;
}

/** The body of GET /health. */
export type HealthReport = { status: 'ok'; service: string } | { status: 'unhealthy'; service: string; failed: Failure[] };

/** Asks all upstreams and folds in the misbehaviour knobs of the config. */
export async function checkHealth(config: Config, checks: UpstreamCheck[], env: NodeJS.ProcessEnv): Promise<HealthReport> {
  const failed: Failure[] = [];
  if (config.unhealthyReason) failed.push({ upstream: 'self', reason: config.unhealthyReason });
  for (const name of config.requireEnv) {
    // The wording mirrors what the real airtable-gateway reported with no AIRTABLE_TOKEN.
    if (!env[name]?.trim()) failed.push({ upstream: 'config', reason: `${name} is not set: invalid API key` });
  }
  const answers = await Promise.all(checks.map((c) => withinBudget(c, config.checkTimeoutMs)));
  checks.forEach((c, i) => {
    const reason = answers[i];
    if (reason) failed.push({ upstream: c.upstream, reason });
  });
  return failed.length === 0 ? { status: 'ok', service: config.name } : { status: 'unhealthy', service: config.name, failed };
}
