// `pyat logs SERVICE [--tail N] [--follow]`: a service's log, straight from the engine.

import { finished } from 'node:stream/promises';
import { UsageError } from '../../errors.js';
import { loadVariables } from '../../registry/interpolate.js';
import { scrubbingStream, secretValues } from '../../report/secrets.js';
import { scrubbingWritable } from '../../report/stream-scrubber.js';
import { println, type CommandContext } from '../context.js';
import { withInterrupt } from '../interrupt.js';
import { loadForCommand } from '../load.js';

/** Options of `logs`. */
interface LogsOptions {
  tail?: number;
  follow?: boolean;
}

/** Prints the last lines of a service's log, and with --follow keeps streaming until Ctrl-C. */
export default async function logs(rawCtx: CommandContext, [service]: string[], opts: LogsOptions): Promise<number> {
  const registry = await loadForCommand(rawCtx, { checkEnv: false });
  // A service may print its own secrets (a DATABASE_URL with the password): scrubbed like all of pyat's output.
  const secrets = secretValues(registry, loadVariables(registry.baseDir, rawCtx.env));
  const ctx = { ...rawCtx, stdout: scrubbingStream(rawCtx.stdout, secrets) };
  if (!service || !registry.services.has(service)) {
    throw new UsageError(`no such service: ${service ?? '(none)'}`, `the registry declares: ${[...registry.services.keys()].join(', ')}`);
  }
  // The engine only: reading a log needs no Compose (and finding Compose takes a second or more).
  const { connectEngine } = await import('../../runtime/index.js');
  const engine = await connectEngine(ctx.env);
  const container = (await engine.listProject(registry.name)).find((c) => c.service === service);
  if (!container) throw new UsageError(`${service} has no container in project ${registry.name}`, 'start it with `pyat up`');
  const tail = opts.tail ?? 100;
  if (!opts.follow) {
    for (const line of await engine.logs(container.id, tail)) println(ctx, line);
    return 0;
  }
  // Streamed, a secret may arrive split across two chunks: this scrubber holds back a possible start of one.
  const out = scrubbingWritable(rawCtx.stdout, secrets);
  try {
    await withInterrupt((signal) => engine.followLogs(container.id, tail, out, signal));
  } finally {
    await finished(out.end());
  }
  return 0;
}
