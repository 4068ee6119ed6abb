// The CLI boundary: parses the command line, runs one command, and turns its outcome into an
// exit code. This is the only place that ends the process.

import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ExitCode, InputError, PyatError, formatProblem } from '../errors.js';
import type { Gate } from '../registry/model.js';
import { parseDuration } from '../util/duration.js';
import type { CommandContext, GlobalOptions } from './context.js';
import { VERSION } from './version.js';

type Action = (ctx: CommandContext, args: string[], opts: Record<string, unknown>) => Promise<number>;

/** Adds the global options to a command, so they may stand before or after the command name. */
function withGlobals(cmd: Command): Command {
  return cmd
    .option('-f, --file <path>', 'registry file (repeatable; later files override earlier ones)', collect, [])
    .option('-p, --project-name <name>', "project name (default: the registry's `name`)")
    .option('--profile <name>', 'activate a profile (repeatable; also COMPOSE_PROFILES)', collect, [])
    .option('--json', 'machine-readable output')
    .option('--no-color', 'no colour (also: NO_COLOR)');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses a duration option (`250ms`, `5s`, `2m`) to milliseconds. */
export function durationOption(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError(`"${value}" is not a duration; write it like 250ms, 5s or 2m.`);
  return ms;
}

/** Parses `--wait` of generate --target k8s. */
function waitOption(value: string): 'init' | 'none' {
  if (value !== 'init' && value !== 'none') throw new InvalidArgumentError(`"${value}" is not a wait mode; use init or none.`);
  return value;
}

/** Parses `--gate`: what a service waits for before it starts. */
function gateOption(value: string): Gate {
  if (value !== 'tiers' && value !== 'deps') throw new InvalidArgumentError(`"${value}" is not a gate; use tiers or deps.`);
  return value;
}

const GATE_HELP = "what a service waits for: tiers (the whole tier below) or deps (its own dependencies); default: the registry's gate";

/** Parses a whole, non-negative number option. */
export function countOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a whole number.`);
  return Number(value);
}

/** Builds the global options from the program's and the command's own flags. */
function globalsOf(program: Command, cmd: Command, env: NodeJS.ProcessEnv): GlobalOptions {
  const p = program.opts();
  const c = cmd.opts();
  const profiles = [...(p.profile as string[]), ...((c.profile as string[] | undefined) ?? [])];
  const fromEnv = (env.COMPOSE_PROFILES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const files = [...(p.file as string[]), ...((c.file as string[] | undefined) ?? [])];
  return {
    // For import, -f names the Compose files to read; without one it finds them as Compose does.
    files: files.length > 0 || cmd.name() === 'import' ? files : ['services.yaml'],
    projectName: (c.projectName as string | undefined) ?? (p.projectName as string | undefined),
    json: Boolean(c.json ?? p.json),
    color: c.color !== false && p.color !== false,
    profiles: profiles.length > 0 ? profiles : fromEnv,
  };
}

/** Builds the command tree. Each command's module is imported only when it runs. */
export function buildProgram(run: (action: () => Promise<Action>, cmd: Command, args: string[]) => Promise<void>): Command {
  const program = withGlobals(new Command('pyat'))
    .description('Bring a multi-service stack up in dependency order, health-gated, and report what really runs.')
    .version(VERSION, '-v, --version')
    // An option after the command name is the command's: `down -v` removes volumes, as in Compose,
    // where before the command `-v` is the version. Every command takes the global options too.
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .exitOverride();

  const lazy = (load: () => Promise<{ default: Action }>) => async () => (await load()).default;

  withGlobals(program.command('validate'))
    .description('check the registry; print every problem with file and line')
    .action((_o, cmd: Command) =>
      run(
        lazy(() => import('./commands/validate.js')),
        cmd,
        [],
      ),
    );

  withGlobals(program.command('plan'))
    .description('print the start order: the tiers of the dependency closure')
    .argument('[service...]', 'services to plan for (default: all)')
    .option('--gate <gate>', `${GATE_HELP}; deps also lists what each service waits for`, gateOption)
    .action((services: string[], _o, cmd: Command) =>
      run(
        lazy(() => import('./commands/plan.js')),
        cmd,
        services,
      ),
    );

  withGlobals(program.command('generate'))
    .description('write a target (Compose file, Kubernetes manifests, service catalog) from the registry')
    .option('--check', 'write nothing; exit 1 with a diff when the files on disk are stale')
    .option(
      '-o, --output <path>',
      'where to write (default: compose/docker-compose.yml, k8s/generated/ or docs/services.md beside the registry)',
    )
    .option(
      '--target <name>',
      'compose (the Compose Specification, default; alias spec), compose-v1 (docker-compose 1.x; alias v1), k8s or docs',
    )
    .option('--wait <mode>', 'k8s: init (default: an init container per dependency waits for it) or none', waitOption)
    .option('--wait-image <image>', 'k8s: the image of the waiting init containers (needs sh and nc; default busybox:1.36)')
    .option(
      '--kubectl-image <image>',
      'k8s: the image of the init containers that wait for a job (default registry.k8s.io/kubectl:v1.31.0)',
    )
    .option('--storage <size>', 'k8s: the size of each volume claim (default 1Gi)')
    .action((_o, cmd: Command) =>
      run(
        lazy(() => import('./commands/generate.js')),
        cmd,
        [],
      ),
    );

  withGlobals(program.command('schema'))
    .description('print the JSON Schema of services.yaml')
    .action((_o, cmd: Command) =>
      run(
        lazy(() => import('./commands/schema.js')),
        cmd,
        [],
      ),
    );

  withGlobals(program.command('up'))
    .description('start the stack in dependency order, each service only when what it waits for is healthy (the gate)')
    .argument('[service...]', 'services to start, with their dependencies (default: all)')
    .option('-d, --detach', "what up always does, as Compose's up -d --wait: return once every service is healthy, leave them running")
    .option('-t, --timeout <duration>', "replace every service's start-up budget (health.timeout)", durationOption)
    .option('--build', 'build images before starting, even when they exist')
    .option('--no-build', 'do not build images; fail when one is missing')
    .option('--down-on-failure', 'on failure, stop what this run started')
    .option('--gate <gate>', GATE_HELP, gateOption)
    .action((services: string[], _o, cmd: Command) =>
      run(
        lazy(() => import('./commands/up.js')),
        cmd,
        services,
      ),
    );

  withGlobals(program.command('restart'))
    .description('stop services and everything that depends on them (dependents first), then start them again through the gate')
    .argument('[service...]', 'services to restart, with their dependents (default: the whole stack)')
    .option('--no-deps', 'restart only the named services, not their dependents')
    .option('-t, --timeout <duration>', "replace every service's start-up budget (health.timeout)", durationOption)
    .option('--gate <gate>', GATE_HELP, gateOption)
    .action((services: string[], _o, cmd: Command) =>
      run(
        lazy(() => import('./commands/restart.js')),
        cmd,
        services,
      ),
    );

  withGlobals(program.command('down'))
    .description("stop and remove the project's containers and networks (volumes only with --volumes)")
    .option('-v, --volumes', "also remove the project's named volumes (data is lost; `-v` as in Compose)")
    .option('-t, --timeout <duration>', 'how long containers get to stop before they are killed', durationOption)
    .action((_o, cmd: Command) =>
      run(
        lazy(() => import('./commands/down.js')),
        cmd,
        [],
      ),
    );

  withGlobals(program.command('status'))
    .alias('ps') // the word Compose users type
    .description('report what really runs: state, health right now, drift from the registry (exit 0 only when all are healthy)')
    .argument('[service...]', 'services to report (default: all)')
    .option('--format <format>', 'table, json or markdown (default: table; --json means json)')
    .option('--watch [interval]', 'report again every interval (default 2s) until Ctrl-C', durationOption)
    .option('--summary', 'also append the Markdown report to $GITHUB_STEP_SUMMARY')
    .option('--probe-timeout <duration>', 'how long one probe attempt may take (default 2s)', durationOption)
    .action((services: string[], _o, cmd: Command) =>
      run(
        lazy(() => import('./commands/status.js')),
        cmd,
        services,
      ),
    );

  withGlobals(program.command('smoke'))
    .description('CI smoke start: up, the smoke checks of the registry, a report (JUnit, Markdown), then down with volumes — always')
    .argument('[service...]', 'services to start and check, with their dependencies (default: all)')
    .option('-t, --timeout <duration>', "replace every service's start-up budget (health.timeout)", durationOption)
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--summary <file>', 'write a Markdown summary (default: append to $GITHUB_STEP_SUMMARY when it is set)')
    .option('--keep', 'leave the stack running afterwards')
    .option('--gate <gate>', GATE_HELP, gateOption)
    .action((services: string[], _o, cmd: Command) =>
      run(
        lazy(() => import('./commands/smoke.js')),
        cmd,
        services,
      ),
    );

  withGlobals(program.command('doctor'))
    .description(
      'check that this machine can run the stack: engine, Compose, disk, ports, images, required env (exit 3 when something fails)',
    )
    .action((_o, cmd: Command) =>
      run(
        lazy(() => import('./commands/doctor.js')),
        cmd,
        [],
      ),
    );

  // For import, -f names the Compose files to read (Compose's own meaning of it), not the registry.
  const importCommand = withGlobals(program.command('import'));
  const composeFile = importCommand.options.find((o) => o.long === '--file');
  if (composeFile) composeFile.description = 'a Compose file to import (repeatable; merged in order as Compose merges them)';
  importCommand
    .description('write a registry from Compose files: secrets out as ${VAR}, an .env.example, a report of every decision')
    .addHelpText(
      'after',
      "\nHere -f, --file names a Compose file to import (repeatable, merged in order with Compose's own rules), not the registry;\n" +
        'without -f: the files Compose itself reads (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml, and its .override).',
    )
    .option('-o, --output <path>', 'the registry to write', 'services.yaml')
    .option('--env-example <path>', 'where to write the .env.example (default: beside the registry)')
    .option('--env-out <path>', "write the secrets' values to this file (mode 0600); nothing else holds them")
    .option('--report <path>', 'write the report to a file; - for standard output (the default)')
    .option('--name <name>', "the project name (default: the Compose files' name:, else the folder's)")
    .option('--force', 'overwrite files that exist')
    .option('--strict', 'exit 1 when any key was dropped')
    .option('--dry-run', 'print the report, write nothing')
    .action((_o, cmd: Command) =>
      run(
        lazy(() => import('./commands/import.js')),
        cmd,
        [],
      ),
    );

  withGlobals(program.command('logs'))
    .description("show services' logs (several: each line after its service's name)")
    .argument('[service...]', 'the services (default: every one that has a container)')
    .option('-n, --tail <lines>', 'how many lines from the end of each log', countOption, 100)
    .option('--follow', 'keep streaming new lines until Ctrl-C')
    .option('--no-log-prefix', "do not print the service's name before each line")
    .action((services: string[], _o, cmd: Command) =>
      run(
        lazy(() => import('./commands/logs.js')),
        cmd,
        services,
      ),
    );

  return program;
}

/** Runs pyat with the given arguments and returns the exit code. */
export async function main(argv: string[], ctx: Omit<CommandContext, 'options'>): Promise<number> {
  let exitCode: number = ExitCode.ok;
  // `run` reads the global options from the program built with it below: it is only called once that exists.
  const run = async (load: () => Promise<Action>, cmd: Command, args: string[]) => {
    const options = globalsOf(program, cmd, ctx.env);
    const action = await load();
    exitCode = await action({ ...ctx, options }, args, cmd.opts());
  };
  const program = buildProgram(run);
  // configureOutput does not reach the commands already added (they copied the settings when
  // created), so each gets it: else a subcommand's errors and help would bypass ctx.
  const output = {
    writeOut: (s: string) => ctx.stdout.write(s),
    writeErr: (s: string) => ctx.stderr.write(s),
    // One line per mistake: commander puts its "(Did you mean …?)" on a line of its own.
    outputError: (s: string, write: (s: string) => void) => write(s.replace(/\n\(Did you mean/, ' (Did you mean')),
  };
  for (const cmd of [program, ...program.commands]) cmd.configureOutput(output);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, ctx, argv.includes('--json'));
  }
}

/** Prints an error the way a user should see it and returns its exit code. */
function reportError(err: unknown, ctx: Omit<CommandContext, 'options'>, json: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.ok;
    return ExitCode.badInput; // commander has already printed the message
  }
  if (err instanceof PyatError) {
    const lines = err instanceof InputError ? err.problems.map(formatProblem) : [`pyat: ${err.message}${err.hint ? ` — ${err.hint}` : ''}`];
    if (json) {
      const problems = err instanceof InputError ? err.problems : undefined;
      ctx.stdout.write(`${JSON.stringify({ error: { code: err.code, message: err.message, hint: err.hint, problems } })}\n`);
    }
    for (const line of lines) ctx.stderr.write(`${line}\n`);
    return err.exitCode;
  }
  const detail = err instanceof Error ? (process.env.PYAT_DEBUG ? err.stack : err.message) : String(err);
  ctx.stderr.write(`pyat: internal error: ${detail}\n  this is a bug in pyat; please report it (PYAT_DEBUG=1 shows the stack)\n`);
  return ExitCode.internal;
}
