// `pyat doctor`: can this machine run the stack? Engine, Compose, disk, ports, images, required
// variables and exposed ports, one line each with the fix. Exit 0 when nothing fails, 3 when
// something does, 2 for a registry that does not load.

import { ExitCode } from '../../errors.js';
import { doctorJson, doctorOk, formatDoctor } from '../../doctor/format.js';
import { runDoctor } from '../../doctor/run.js';
import { buildPlan } from '../../plan/tiers.js';
import { loadVariables } from '../../registry/interpolate.js';
import { scrubbingStream, secretValues } from '../../report/secrets.js';
import { styler } from '../../report/style.js';
import { println, useColor, type CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';

/** Runs every check and prints them; never throws for what it finds. */
export default async function doctor(rawCtx: CommandContext): Promise<number> {
  // Missing variables are doctor's own finding, not a load error.
  const registry = await loadForCommand(rawCtx, { checkEnv: false });
  const vars = loadVariables(registry.baseDir, rawCtx.env);
  const secrets = secretValues(registry, vars);
  const ctx = { ...rawCtx, stdout: scrubbingStream(rawCtx.stdout, secrets), stderr: scrubbingStream(rawCtx.stderr, secrets) };
  // The services `up` would start with these profiles: what the machine must be ready for.
  const names = buildPlan(registry, [], ctx.options.profiles).tiers.flat();
  const services = [...registry.services.values()].filter((s) => names.includes(s.name));

  const runtime = await import('../../runtime/index.js');
  const { createDockerEngine } = await import('../../runtime/docker-engine.js');
  const { resolveDockerEndpoint } = await import('../../runtime/docker-host.js');
  const checks = await runDoctor(
    { registry, services, vars },
    {
      engine: async () => ({ where: resolveDockerEndpoint(ctx.env).where, engine: await createDockerEngine(ctx.env) }),
      detectCompose: () => runtime.detectCompose(ctx.env),
      isPortFree: runtime.isPortFree,
    },
  );
  if (ctx.options.json) println(ctx, doctorJson(checks));
  else for (const line of formatDoctor(checks, styler(useColor(ctx)))) println(ctx, line);
  return doctorOk(checks) ? ExitCode.ok : ExitCode.environment;
}
