// `pyat logs [SERVICE...] [--tail N] [--follow]`: services' logs, straight from the engine. One
// service prints its lines as they are; several (all that have a container, when none is named)
// print each line after its service's name, as Compose does.

import { finished } from 'node:stream/promises';
import { UsageError } from '../../errors.js';
import { loadVariables } from '../../registry/interpolate.js';
import { logPrefixes, prefixingWritable } from '../../report/line-prefixer.js';
import { scrubbingStream, secretValues } from '../../report/secrets.js';
import { scrubbingWritable } from '../../report/stream-scrubber.js';
import { styler } from '../../report/style.js';
import { println, useColor, type CommandContext } from '../context.js';
import { withInterrupt } from '../interrupt.js';
import { loadForCommand } from '../load.js';
import { defined } from '../../util/defined.js';

/** Options of `logs`. */
interface LogsOptions {
  tail?: number;
  follow?: boolean;
  /** `--no-log-prefix` sets this false. */
  logPrefix?: boolean;
}

/** Prints the last lines of the services' logs, and with --follow keeps streaming until Ctrl-C. */
export default async function logs(rawCtx: CommandContext, named: string[], opts: LogsOptions): Promise<number> {
  const registry = await loadForCommand(rawCtx, { checkEnv: false });
  // A service may print its own secrets (a DATABASE_URL with the password): scrubbed like all of pyat's output.
  const secrets = secretValues(registry, loadVariables(registry.baseDir, rawCtx.env));
  const ctx = { ...rawCtx, stdout: scrubbingStream(rawCtx.stdout, secrets) };
  const unknown = named.filter((s) => !registry.services.has(s));
  if (unknown.length > 0) {
    throw new UsageError(`no such service: ${unknown.join(', ')}`, `the registry declares: ${[...registry.services.keys()].join(', ')}`);
  }
  // The engine only: reading a log needs no Compose (and finding Compose takes a second or more).
  const { connectEngine } = await import('../../runtime/index.js');
  const engine = await connectEngine(ctx.env);
  const running = await engine.listProject(registry.name);
  const containerOf = (service: string) => running.find((c) => c.service === service);
  for (const service of named) {
    if (!containerOf(service)) throw new UsageError(`${service} has no container in project ${registry.name}`, 'start it with `pyat up`');
  }
  // In the registry's order, named or not: what has a container.
  const services = [...registry.services.keys()].filter((s) => (named.length > 0 ? named.includes(s) : containerOf(s)));
  if (services.length === 0) throw new UsageError(`nothing of project ${registry.name} has a container`, 'start it with `pyat up`');
  const prefixed = services.length > 1 && opts.logPrefix !== false;
  const prefixes = prefixed ? logPrefixes(services, useColor(rawCtx) ? styler(true) : undefined) : new Map(services.map((s) => [s, '']));
  const prefixOf = (service: string): string => defined(prefixes.get(service), `the log prefix of ${service}`);
  const idOf = (service: string): string => defined(containerOf(service), `the container of ${service}`).id;
  const tail = opts.tail ?? 100;
  if (!opts.follow) {
    for (const service of services) {
      for (const line of await engine.logs(idOf(service), tail)) println(ctx, `${prefixOf(service)}${line}`);
    }
    return 0;
  }
  // Streamed, a secret may arrive split across two chunks: this scrubber holds back a possible start of one.
  const out = scrubbingWritable(rawCtx.stdout, secrets);
  const streams = services.map((service) => ({ service, into: prefixingWritable(prefixOf(service), out) }));
  try {
    await withInterrupt((signal) => Promise.all(streams.map(({ service, into }) => engine.followLogs(idOf(service), tail, into, signal))));
  } finally {
    await Promise.all(streams.map(({ into }) => finished(into.end())));
    await finished(out.end());
  }
  return 0;
}
