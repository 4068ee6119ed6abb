// What every command receives: the global options, resolved once, and where to write.

/** The options every command accepts (`-f`, `-p`, `--json`, `--no-color`). */
export interface GlobalOptions {
  files: string[];
  projectName?: string;
  json: boolean;
  color: boolean;
  /** Active Compose profiles (`--profile`, or COMPOSE_PROFILES). */
  profiles: string[];
}

/** A command's view of the world outside it. Tests pass their own. */
export interface CommandContext {
  options: GlobalOptions;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Colour is on only on a TTY, without NO_COLOR, and without `--no-color`. */
export function useColor(ctx: CommandContext): boolean {
  const noColor = ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '';
  return ctx.options.color && !noColor && !ctx.options.json && Boolean(ctx.stdout.isTTY);
}

/** Writes one line to standard output. */
export function println(ctx: CommandContext, line = ''): void {
  ctx.stdout.write(`${line}\n`);
}

/** Writes one line to standard error. */
export function eprintln(ctx: CommandContext, line = ''): void {
  ctx.stderr.write(`${line}\n`);
}
