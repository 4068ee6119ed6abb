// What the up/down Docker tests share: `up --json` parsed into events and a summary, pyat run
// in-process with the host time at which each output line arrived, the engine's own view of a
// project's containers, and a teardown that proves nothing of the project is left.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Failure, LaunchEvent, ServiceOutcome } from '../../src/launch/types.js';
import { demuxLog, logLines } from '../../src/runtime/demux.js';
import { dockerClient, projectResources } from '../support/docker.js';
import { existingVolumes, mountedVolumes } from '../support/engine.js';
import type { PyatRun, TestStack } from '../support/pyat.js';

/** The final line of `up --json`. */
export interface UpSummary {
  event: 'summary';
  project: string;
  status: 'healthy' | 'failed' | 'interrupted';
  outcomes: (ServiceOutcome & { failure?: Failure })[];
  elapsedMs: number;
  criticalPath?: string[];
}

/** `up --json` output: the live events in order, and the summary. */
export interface UpReport {
  events: LaunchEvent[];
  summary: UpSummary;
  outcome(name: string): ServiceOutcome;
  /** The first event of `service` in `phase` (throws when there is none). */
  event(service: string, phase: LaunchEvent['phase']): LaunchEvent;
}

/** Parses the stdout of `up --json`; fails the test with the whole output when it has no summary. */
export function upReport(stdout: string): UpReport {
  const lines = stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const summary = lines.find((l) => l.event === 'summary') as UpSummary | undefined;
  if (!summary) throw new Error(`up --json printed no summary:\n${stdout}`);
  const events = lines.filter((l) => l.event === undefined) as unknown as LaunchEvent[];
  return {
    events,
    summary,
    outcome: (name) => {
      const o = summary.outcomes.find((x) => x.name === name);
      if (!o) throw new Error(`no outcome for ${name} in ${JSON.stringify(summary.outcomes.map((x) => x.name))}`);
      return o;
    },
    event: (service, phase) => {
      const e = events.find((x) => x.service === service && x.phase === phase);
      if (!e) throw new Error(`no ${phase} event for ${service}:\n${stdout}`);
      return e;
    },
  };
}

/** A line of output and the host's wall-clock time (ms) at which it reached the test. */
export interface TimedLine {
  at: number;
  text: string;
}

/**
 * Runs pyat in this process, like `stack.pyat`, but stamps every stdout line with `Date.now()`
 * when it arrives. A line arrives after pyat wrote it, so the stamp is an upper bound of the
 * moment the event happened, on the same clock as the engine's container times.
 */
export async function timedPyat(stack: TestStack, args: string[]): Promise<PyatRun & { lines: TimedLine[] }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const lines: TimedLine[] = [];
  let partial = '';
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => {
    const at = Date.now();
    stdout += d.toString();
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    for (const text of parts) lines.push({ at, text });
  });
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  // pyat's caches (registries, the boot times that order starts) live with the stack, whatever HOME and PYAT_NO_CACHE say.
  const env = { ...process.env, XDG_CACHE_HOME: path.join(stack.dir, '.cache'), PYAT_NO_CACHE: '' };
  const code = await main(['-f', stack.file, ...args], { cwd: stack.dir, env, stdout: out, stderr: err });
  return { code, stdout, stderr, lines };
}

/** What the engine says about one container of a project. */
export interface EngineView {
  id: string;
  /** The container's name, as Compose gave it. */
  name: string;
  service: string;
  status: string;
  /** ms since the epoch; undefined when the container was never started. */
  startedAt: number | undefined;
  rawStartedAt: string;
  /** ms since the epoch of its last stop; undefined when it never stopped. */
  finishedAt: number | undefined;
}

// The engine's "never" is the zero time; its real times carry nanoseconds, which Date.parse may not take.
function engineTime(iso: string): number | undefined {
  if (!iso || iso.startsWith('0001-01-01')) return undefined;
  return Date.parse(iso.replace(/(\.\d{3})\d*Z$/, '$1Z'));
}

/** Every container of the project, as the engine sees it (inspected, all states). */
export async function engineView(project: string): Promise<EngineView[]> {
  const docker = dockerClient();
  const list = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
  return Promise.all(
    list.map(async (c) => {
      const i = await docker.getContainer(c.Id).inspect();
      return {
        id: i.Id,
        name: i.Name.replace(/^\//, ''),
        service: i.Config.Labels['com.docker.compose.service'] ?? '',
        status: i.State.Status,
        startedAt: engineTime(i.State.StartedAt),
        rawStartedAt: i.State.StartedAt,
        finishedAt: engineTime(i.State.FinishedAt),
      };
    }),
  );
}

/** The one container of `service` (fails the test when there are none or several). */
export async function containerOf(project: string, service: string): Promise<EngineView> {
  const found = (await engineView(project)).filter((c) => c.service === service);
  expect(found, `containers of ${service}`).toHaveLength(1);
  return found[0]!;
}

/** A container's log lines with the timestamp the demo service wrote at their start. */
export async function serviceLog(id: string): Promise<TimedLine[]> {
  const raw = await dockerClient().getContainer(id).logs({ stdout: true, stderr: true, follow: false });
  return logLines(demuxLog(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))))
    .map((line) => ({ at: Date.parse(line.split(' ')[0] ?? ''), text: line }))
    .filter((l) => !Number.isNaN(l.at));
}

/** The demo's database, from the host, with the demo's own credentials. */
export async function sql(port: number, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'demo',
    password: 'demo-secret',
    database: 'demo',
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    return (await client.query(text, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Removes everything of the stack, then fails when anything of the project is left: labelled
 * containers, networks and volumes, and the anonymous volumes (no label) its containers mounted.
 * `keptByDown`: what its containers mounted before a test's plain `down`, which keeps volumes as
 * Compose does; the anonymous ones among them belong to no container any more, so `down --volumes`
 * cannot see them, and they are removed here.
 */
export async function destroyAndCheck(stack: TestStack | undefined, keptByDown: readonly string[] = []): Promise<void> {
  if (!stack) return;
  const anonymous = [...new Set([...(await mountedVolumes(stack.project)), ...keptByDown])];
  await stack.destroy();
  // One already gone (a named volume `destroy` removed) answers 404: nothing to do.
  await Promise.all(
    keptByDown.map((v) =>
      dockerClient()
        .getVolume(v)
        .remove()
        .catch(() => undefined),
    ),
  );
  expect(await projectResources(stack.project)).toEqual({ containers: [], networks: [], volumes: [] });
  expect(await existingVolumes(anonymous), 'volumes the project mounted').toEqual([]);
}

/** The built CLI that `spawnPyat` runs; the signal and lock tests need a real process. */
export function requireBuiltCli(): void {
  const bin = path.resolve(import.meta.dirname, '../../dist/cli/pyat.cjs');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` before the Docker tests`);
}
