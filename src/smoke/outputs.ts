// Where a smoke report is written besides the terminal: the JUnit file, and the Markdown summary
// (a file of its own, or appended to GitHub's $GITHUB_STEP_SUMMARY). Both are scrubbed of
// secrets: they end up as CI artifacts that anyone with read access can open. In a GitHub
// Actions step the counts also go to $GITHUB_OUTPUT (no secret can be in them).

import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scrub } from '../report/secrets.js';
import { githubOutputLines } from './github-output.js';
import { buildJUnit } from './junit.js';
import { buildMarkdown } from './markdown.js';
import { scrubDeep } from './scrub.js';
import type { SmokeReport } from './types.js';

/** Which files to write; `summary` undefined means $GITHUB_STEP_SUMMARY when set. */
export interface OutputTargets {
  junit?: string;
  summary?: string;
}

/** Writes the report's files; returns what was written, for the log. Paths are relative to `cwd`. */
export async function writeOutputs(
  report: SmokeReport,
  targets: OutputTargets,
  secrets: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const written: string[] = [];
  const safe = scrubDeep(report, secrets);
  if (targets.junit) {
    const file = path.resolve(cwd, targets.junit);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, scrub(buildJUnit(safe), secrets));
    written.push(`JUnit report: ${file}`);
  }
  const markdown = (): string => scrub(buildMarkdown(safe), secrets);
  if (targets.summary) {
    const file = path.resolve(cwd, targets.summary);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, markdown());
    written.push(`summary: ${file}`);
  } else if (env.GITHUB_STEP_SUMMARY) {
    // GitHub collects every step's summary from this one file: append, never overwrite.
    await appendFile(env.GITHUB_STEP_SUMMARY, markdown());
    written.push(`summary appended to $GITHUB_STEP_SUMMARY (${env.GITHUB_STEP_SUMMARY})`);
  }
  // Appended like the summary: every step of a job has its own file, but a step may write more.
  if (env.GITHUB_OUTPUT)
    await appendFile(env.GITHUB_OUTPUT, githubOutputLines(safe, targets.junit ? path.resolve(cwd, targets.junit) : undefined));
  return written;
}
