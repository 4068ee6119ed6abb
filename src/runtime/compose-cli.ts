// The Compose adapter: one argv per call, run with execa (argument arrays, never a shell), output
// captured, failures turned into EnvironmentErrors. Works the same with v1 and v2.

import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError, InterruptedError } from '../errors.js';
import { loadExeca } from './load-execa.js';
import { composeFailure } from './compose-errors.js';
import type { BuildPolicy, Compose, ComposeCli, ComposeProject } from './types.js';
import { defined } from '../util/defined.js';

/** The full argv of one Compose call: project flags first, as both v1 and v2 require them before the subcommand. */
export function composeArgv(cli: ComposeCli, project: ComposeProject, subcommand: string[]): string[] {
  return [...cli.argv, '-p', project.name, '-f', project.file, ...(project.envFile ? ['--env-file', project.envFile] : []), ...subcommand];
}

/** `up --no-start` with the build choice and the services (all when none are named). */
export function createArgs(services: string[], build: BuildPolicy): string[] {
  // v1 1.29 and v2 both take `up --no-start`: containers, networks and volumes made, nothing started.
  const flag = build === 'always' ? ['--build'] : build === 'never' ? ['--no-build'] : [];
  return ['up', '--no-start', ...flag, ...services];
}

/** `down --remove-orphans`, with `-v` only when volumes must go (named volumes are data) and `-t N`. */
export function downArgs(volumes: boolean, timeoutSeconds?: number): string[] {
  return ['down', '--remove-orphans', ...(volumes ? ['-v'] : []), ...(timeoutSeconds !== undefined ? ['-t', String(timeoutSeconds)] : [])];
}

/**
 * Compose driven through `cli`, with `env` as the whole environment of every call. With `cancel`
 * (the command's Ctrl-C), every run and every wait between `down`'s attempts ends when it aborts.
 */
export function createCompose(cli: ComposeCli, env: NodeJS.ProcessEnv, cancel?: AbortSignal): Compose {
  const run = (project: ComposeProject, subcommand: string[], signal?: AbortSignal): Promise<string> =>
    runCompose(cli, env, composeArgv(cli, project, subcommand), subcommand, anyOf(cancel, signal));
  return {
    cli,
    async create(project, services, opts) {
      await run(project, createArgs(services, opts.build), opts.signal);
    },
    async pull(project, services) {
      await run(project, ['pull', ...services]);
    },
    async down(project, opts) {
      // Docker 20.10 frees a removed container's network endpoint a moment after the removal, so
      // Compose's network removal can fail with "has active endpoints" while nothing is attached
      // (moby/moby#42119). `down` is idempotent: it is run again, up to 3 more times (0.5, 1, 2 s).
      for (let attempt = 0; ; attempt++) {
        try {
          await run(project, downArgs(opts.volumes, opts.timeoutSeconds));
          return;
        } catch (err) {
          if (attempt >= 3 || !isActiveEndpointsRace(err)) throw err;
          await sleep(500 * 2 ** attempt, undefined, { signal: cancel }).catch(() => {
            throw new InterruptedError(`interrupted while waiting to run ${cli.argv.join(' ')} down again`);
          });
        }
      }
    },
  };
}

// The one signal that aborts when either does (undefined when neither is given).
function anyOf(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : (a ?? b);
}

/** Whether a failed `down` failed only on the engine's late endpoint release. */
export function isActiveEndpointsRace(err: unknown): boolean {
  return err instanceof EnvironmentError && /has active endpoints/.test(err.message);
}

async function runCompose(
  cli: ComposeCli,
  env: NodeJS.ProcessEnv,
  argv: string[],
  subcommand: string[],
  signal?: AbortSignal,
): Promise<string> {
  const [file, ...args] = argv;
  const { execa } = await loadExeca();
  const r = await execa(defined(file, 'the Compose executable'), args, {
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    ...(signal ? { cancelSignal: signal } : {}),
  });
  const command = cli.argv.join(' ');
  const sub = subcommand[0] ?? '';
  if (r.isCanceled) throw new InterruptedError(`interrupted while ${command} ${sub} ran`);
  // ENOENT: Compose vanished since detection, or PATH in `env` differs from the one it was found on.
  if ((r as { code?: string }).code === 'ENOENT') {
    throw new EnvironmentError('E_COMPOSE', `${command} cannot be run: not found on PATH`, 'install Docker Compose, or check PATH');
  }
  if (r.failed) throw composeFailure(command, sub, r.stderr, r.exitCode);
  return r.stdout;
}
