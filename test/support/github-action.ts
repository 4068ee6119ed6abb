// Runs a composite action's `run:` steps on this machine the way a GitHub runner would, without
// GitHub: `${{ }}` expressions evaluated by GitHub's own expression library (@actions/expressions)
// against the inputs, the earlier steps' outputs, `github` and `runner`; each step in
// `bash --noprofile --norc -eo pipefail` (the runner's `shell: bash`) with GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, GITHUB_PATH and GITHUB_ENV files. A `uses:` step cannot run here: it is
// reported when its `if:` says it would run, and skipped.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { execa, type ResultPromise } from 'execa';
import { parse } from 'yaml';

interface ActionStep {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface ActionFile {
  inputs?: Record<string, { default?: string }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

/** What one local run of the action did. */
export interface ActionRun {
  /** Exit code of the last step that ran (0 when every step passed). */
  exitCode: number;
  /** The action's outputs, from its `outputs:` expressions. */
  outputs: Record<string, string>;
  /** Everything the steps appended to their $GITHUB_STEP_SUMMARY files. */
  summary: string;
  /** The combined output of every step that ran. */
  log: string;
  /** `uses:` steps whose condition held: they would have run on GitHub. */
  wouldUse: string[];
}

/** Options of a local run. */
export interface RunOptions {
  /** Folder of action.yml ($GITHUB_ACTION_PATH). */
  actionPath: string;
  /** The `with:` of the workflow step. */
  inputs: Record<string, string>;
  /** The job's working directory ($GITHUB_WORKSPACE). */
  workspace: string;
  env?: NodeJS.ProcessEnv;
  /** Run only the steps with these ids (default: all). */
  only?: string[];
  /** Told of each step's bash process as it starts (a test may signal it, as a cancelled job would). */
  onStep?: (id: string, child: ResultPromise) => void;
}

/** Runs action.yml's steps in order, stopping at the first failing one, as the runner does. */
export async function runAction(opts: RunOptions): Promise<ActionRun> {
  const action = parse(await readFile(path.join(opts.actionPath, 'action.yml'), 'utf8')) as ActionFile;
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  const temp = await mkdtemp(path.join(os.tmpdir(), 'pyat-action-'));
  try {
    return await runSteps(action, opts, temp);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

// The steps in order, with $RUNNER_TEMP at `temp`.
async function runSteps(action: ActionFile, opts: RunOptions, temp: string): Promise<ActionRun> {
  const inputs = Object.fromEntries(Object.entries(action.inputs ?? {}).map(([k, v]) => [k, opts.inputs[k] ?? v.default ?? '']));
  for (const name of Object.keys(opts.inputs)) if (!(name in inputs)) throw new Error(`the action has no input "${name}"`);
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const context = () => ({ inputs, steps, github: { action_path: opts.actionPath, workspace: opts.workspace }, runner: { temp } });
  const pathFile = path.join(temp, 'path');
  const envFile = path.join(temp, 'env');
  await Promise.all([writeFile(pathFile, ''), writeFile(envFile, '')]);
  const run: ActionRun = { exitCode: 0, outputs: {}, summary: '', log: '', wouldUse: [] };

  for (const [i, step] of action.runs.steps.entries()) {
    const id = step.id ?? `__${String(i)}`;
    if (opts.only && !opts.only.includes(id)) continue;
    if (step.if !== undefined && !truthy(evaluate(step.if, context()))) continue;
    if (step.uses) {
      run.wouldUse.push(step.uses);
      continue;
    }
    if (step.run === undefined || step.shell !== 'bash') throw new Error(`step ${id}: only \`run:\` steps with \`shell: bash\` run here`);
    const files = { output: path.join(temp, `${id}.output`), summary: path.join(temp, `${id}.summary`) };
    const script = path.join(temp, `${id}.sh`);
    await Promise.all([writeFile(files.output, ''), writeFile(files.summary, ''), writeFile(script, substitute(step.run, context()))]);
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, context())]));
    const extraPath = (await readFile(pathFile, 'utf8')).split('\n').filter(Boolean).reverse();
    const base = opts.env ?? process.env;
    const child = execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: path.resolve(opts.workspace, substitute(step['working-directory'] ?? '.', context())),
      env: {
        ...base,
        ...parseKeyValues(await readFile(envFile, 'utf8')),
        ...stepEnv,
        PATH: [...extraPath, base.PATH ?? ''].join(path.delimiter),
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: opts.actionPath,
        GITHUB_WORKSPACE: opts.workspace,
        RUNNER_TEMP: temp,
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_PATH: pathFile,
        GITHUB_ENV: envFile,
      },
      extendEnv: false,
      reject: false,
      all: true,
    });
    opts.onStep?.(id, child);
    const result = await child;
    run.log += `--- step ${id} (exit ${String(result.exitCode)})\n${result.all}\n`;
    steps[id] = { outputs: parseKeyValues(await readFile(files.output, 'utf8')) };
    run.summary += await readFile(files.summary, 'utf8');
    run.exitCode = result.exitCode ?? 1;
    if (run.exitCode !== 0) break;
  }
  run.outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([k, v]) => [k, substitute(v.value, context())]));
  return run;
}

/** Replaces every `${{ expr }}` in `text` with the expression's value as a string. */
function substitute(text: string, ctx: object): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_m, expr: string) => evaluate(expr, ctx).coerceString());
}

function evaluate(expr: string, ctx: object): data.ExpressionData {
  const tokens = new Lexer(expr.trim()).lex().tokens;
  const tree = new Parser(tokens, Object.keys(ctx), []).parse();
  return new Evaluator(tree, JSON.parse(JSON.stringify(ctx), data.reviver) as data.Dictionary).evaluate();
}

// GitHub's falsy values: false, 0, '', null.
function truthy(v: data.ExpressionData): boolean {
  if (v.kind === data.Kind.Null) return false;
  if (v.kind === data.Kind.Boolean || v.kind === data.Kind.String) return Boolean(v.value);
  if (v.kind === data.Kind.Number) return v.number() !== 0;
  return true;
}

// The runner's file format for outputs and env: `name=value` lines and `name<<DELIM` … `DELIM` blocks.
function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delim] = heredoc;
      const end = lines.indexOf(delim ?? '', i + 1);
      if (end < 0) throw new Error(`no closing ${String(delim)} for ${name}`);
      out[name] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}
