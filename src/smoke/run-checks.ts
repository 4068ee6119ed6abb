// Runs the smoke checks of the selected services once the stack is up: the checks of one
// service in order (a later check may rely on an earlier one), services side by side. A
// service that did not get healthy has its checks skipped, with the reason.

import type { LaunchResult } from '../launch/types.js';
import { probeHost } from '../launch/probe-for.js';
import type { ServiceDef } from '../registry/model.js';
import { checkUrl, runCheck } from './check.js';
import type { SmokeCheckResult } from './types.js';
import { defined } from '../util/defined.js';

/** What the checks need from outside: the last log lines of a service, for a failure's report. */
export interface CheckDeps {
  logsOf(service: string): Promise<string[]>;
  timeoutMs: number;
}

/** Runs every check of `services` (in the order given); never throws. */
export async function runSmokeChecks(
  services: readonly ServiceDef[],
  launch: LaunchResult,
  deps: CheckDeps,
  signal: AbortSignal,
): Promise<SmokeCheckResult[]> {
  const perService = await Promise.all(services.filter((s) => s.smoke.length > 0).map((s) => checksOf(s, launch, deps, signal)));
  return perService.flat();
}

async function checksOf(svc: ServiceDef, launch: LaunchResult, deps: CheckDeps, signal: AbortSignal): Promise<SmokeCheckResult[]> {
  // The registry refuses smoke checks on a service without a port.
  const port = defined(svc.port, `the port of ${svc.name}`);
  const target = { host: probeHost(port.bind), port: port.host };
  const outcome = launch.outcomes.find((o) => o.name === svc.name);
  const ready = outcome?.status === 'healthy' || outcome?.status === 'already-healthy';
  const results: SmokeCheckResult[] = [];
  for (const check of svc.smoke) {
    if (!ready || signal.aborted) {
      const why = signal.aborted ? 'interrupted' : `not run: ${svc.name} is ${outcome?.status ?? 'not started'}`;
      results.push({
        service: svc.name,
        name: check.name,
        method: check.method,
        url: checkUrl(check, target),
        status: 'skipped',
        durationMs: 0,
        message: why,
      });
      continue;
    }
    results.push(await runCheck(svc.name, check, target, { timeoutMs: deps.timeoutMs, signal }));
  }
  if (results.some((r) => r.status === 'failed' || r.status === 'error')) {
    const logs = await deps.logsOf(svc.name).catch(() => []);
    for (const r of results) if (r.status === 'failed' || r.status === 'error') r.logs = logs;
  }
  return results;
}
