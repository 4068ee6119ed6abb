// `pyat up [SERVICE...]`: preflight, let Compose create what the registry declares (only when
// something is missing or out of date), then start the services tier by tier, each tier only
// when every probe below it passes.

import { ExitCode, InputError, InterruptedError } from '../../errors.js';
import { writeComposeProject } from '../../launch/compose-project.js';
import { servicesToCreate } from '../../launch/converged.js';
import { preflight, throwPreflight } from '../../launch/preflight.js';
import { probeFactory } from '../../launch/probe-for.js';
import { runTiers } from '../../launch/run-tiers.js';
import { buildPlan } from '../../plan/tiers.js';
import { loadVariables } from '../../registry/interpolate.js';
import type { Registry } from '../../registry/model.js';
import { missingRequiredEnv } from '../../registry/validators/env.js';
import { scrubbingStream, secretValues } from '../../report/secrets.js';
import { styler } from '../../report/style.js';
import { formatSummary } from '../../report/up-summary.js';
import type { BuildPolicy, ContainerInfo, Engine } from '../../runtime/types.js';
import { systemClock } from '../../util/clock.js';
import { eprintln, println, useColor, type CommandContext } from '../context.js';
import { withInterrupt } from '../interrupt.js';
import { loadForCommand } from '../load.js';
import { eventSinkFor } from '../up-output.js';

/** Options of `up` (commander's camel-cased flags). */
interface UpOptions {
  timeout?: number;
  build?: boolean;
  downOnFailure?: boolean;
}

/** Brings the closure of the named services (all when none) up in tiers; exit 0 healthy, 1 not, 2/3 before anything starts. */
export default async function up(rawCtx: CommandContext, services: string[], opts: UpOptions): Promise<number> {
  const registry = await loadForCommand(rawCtx, { checkEnv: true });
  const vars = loadVariables(registry.baseDir, rawCtx.env);
  const secrets = secretValues(registry, vars);
  const ctx = { ...rawCtx, stdout: scrubbingStream(rawCtx.stdout, secrets), stderr: scrubbingStream(rawCtx.stderr, secrets) };
  const plan = buildPlan(registry, services, ctx.options.profiles);
  const names = plan.tiers.flat();
  const selected: Registry = { ...registry, services: new Map([...registry.services].filter(([n]) => names.includes(n))) };
  const missing = missingRequiredEnv(selected, vars);
  if (missing.length > 0) throw new InputError(missing, 'required environment variables are not set');
  const build: BuildPolicy = opts.build === true ? 'always' : opts.build === false ? 'never' : 'missing';
  const info = (line: string): void => {
    if (!ctx.options.json) eprintln(ctx, line);
  };

  const runtime = await import('../../runtime/index.js');
  const engine = await runtime.connectEngine(ctx.env);
  return withInterrupt(async (signal) => {
    const lock = await runtime.acquireProjectLock(registry.name, {
      waitMs: 10 * 60_000,
      onWait: (pid) => info(`another pyat (pid ${pid}) is changing project ${registry.name}; waiting for it`),
    });
    try {
      let containers = await projectContainers(engine, registry.name, names);
      const imageIds = new Map(await Promise.all([...new Set(names.map((n) => registry.services.get(n)!.image).filter((i): i is string => !!i))].map(async (i) => [i, await engine.imageId(i)] as const)));
      const stale = build === 'always' ? names : servicesToCreate(registry, names, containers, imageIds);
      if (stale.length > 0) {
        const compose = runtime.createCompose(await runtime.detectCompose(ctx.env), ctx.env);
        info(`using Compose ${compose.cli.kind} ${compose.cli.version} (${compose.cli.argv.join(' ')}) for project ${registry.name}`);
        const project = await writeComposeProject(registry, compose.cli.kind === 'v1' ? 'v1' : 'spec');
        const deps = { engine, compose, project, isPortFree: runtime.isPortFree };
        throwPreflight(await preflight(registry, names, deps, { build: build !== 'never' }), registry);
        if (signal.aborted) throw new InterruptedError('interrupted before anything was created');
        info(`creating ${stale.join(', ')} (compose up --no-start${build === 'always' ? ' --build' : build === 'never' ? ' --no-build' : ''})`);
        await compose.create(project, names, { build, signal });
        if (signal.aborted) throw new InterruptedError('interrupted while Compose created the containers');
        containers = await projectContainers(engine, registry.name, names);
      }

      const t0 = systemClock.now();
      const sink = eventSinkFor(ctx, plan, () => systemClock.now() - t0);
      const deps = { engine, clock: systemClock, probeFor: probeFactory(vars), emit: sink.event, t0, timeoutOverride: opts.timeout };
      const result = await runTiers(registry, plan, containers, deps, signal);
      sink.close();

      if (result.status === 'failed' && opts.downOnFailure) {
        const ours = result.outcomes.filter((o) => o.startedByUs && o.containerId);
        await Promise.all(ours.map((o) => engine.stop(o.containerId!, 10).catch(() => undefined)));
        info(`--down-on-failure: stopped ${ours.map((o) => o.name).join(', ') || 'nothing (this run started nothing)'}`);
      }
      if (ctx.options.json) println(ctx, JSON.stringify({ event: 'summary', project: registry.name, ...result }));
      else for (const line of formatSummary(result, styler(useColor(ctx)))) println(ctx, line);
      return result.status === 'healthy' ? ExitCode.ok : result.status === 'interrupted' ? ExitCode.interrupted : ExitCode.unhealthy;
    } finally {
      await lock.release();
    }
  });
}

/** The project's containers of the selected services, by service name. */
async function projectContainers(engine: Engine, project: string, names: readonly string[]): Promise<Map<string, ContainerInfo>> {
  return new Map((await engine.listProject(project)).filter((c) => names.includes(c.service)).map((c) => [c.service, c]));
}
