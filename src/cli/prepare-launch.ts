// What `up` and `smoke` do before touching Docker: load the registry with its environment, scrub
// secrets from all output, plan the closure, and refuse when a required variable is unset.

import { InputError } from '../errors.js';
import { dependencyClosure, dependentsOf } from '../plan/closure.js';
import { buildPlan, type Plan } from '../plan/tiers.js';
import { loadVariables } from '../registry/interpolate.js';
import type { Registry } from '../registry/model.js';
import { missingRequiredEnv } from '../registry/validators/env.js';
import { scrubbingStream, secretValues } from '../report/secrets.js';
import type { CommandContext } from './context.js';
import { loadForCommand } from './load.js';

/** The registry, its variables, the plan, and a context whose output is scrubbed of secrets. */
export interface PreparedLaunch {
  registry: Registry;
  vars: Record<string, string>;
  ctx: CommandContext;
  plan: Plan;
  names: string[];
  /** The registry narrowed to the planned services. */
  selected: Registry;
  /** The values the output is scrubbed of. */
  secrets: string[];
  /** The services asked for (with their dependents when asked), without the dependencies added to them. */
  wanted: string[];
}

/**
 * Loads and plans for the named services (all when none); with `dependents`, also for every
 * active service that depends on them (what `pyat restart` restarts). Throws InputError (exit 2)
 * before anything starts.
 */
export async function prepareLaunch(
  rawCtx: CommandContext,
  services: string[],
  opts: { dependents?: boolean } = {},
): Promise<PreparedLaunch> {
  const registry = await loadForCommand(rawCtx, { checkEnv: true });
  const vars = loadVariables(registry.baseDir, rawCtx.env);
  const secrets = secretValues(registry, vars);
  const ctx = { ...rawCtx, stdout: scrubbingStream(rawCtx.stdout, secrets), stderr: scrubbingStream(rawCtx.stderr, secrets) };
  const active = opts.dependents && services.length > 0 ? new Set(dependencyClosure(registry, [], ctx.options.profiles)) : undefined;
  const wanted = active
    ? [...new Set([...services, ...services.flatMap((s) => dependentsOf(registry, s).filter((d) => active.has(d)))])]
    : services;
  const plan = buildPlan(registry, wanted, ctx.options.profiles);
  const names = plan.tiers.flat();
  const selected: Registry = { ...registry, services: new Map([...registry.services].filter(([n]) => names.includes(n))) };
  const missing = missingRequiredEnv(selected, vars);
  if (missing.length > 0) throw new InputError(missing, 'required environment variables are not set');
  return { registry, vars, ctx, plan, names, selected, secrets, wanted: wanted.length > 0 ? wanted : names };
}
