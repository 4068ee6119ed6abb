// Compose projects for Docker-backed tests: each with its own name and file, torn down always
// (only its own resources), its logs attached to whatever fails while it runs.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { stringify } from 'yaml';
import { composeArgv } from '../../src/runtime/compose-cli.js';
import type { ComposeCli, ComposeProject as ComposeProjectRef } from '../../src/runtime/types.js';
import { existingVolumes, mountedVolumes, projectResources, removeProjectResources, type ProjectResources } from './engine.js';

/** How Compose is run here: the program and the arguments before the subcommand. */
export interface ComposeCommand {
  file: string;
  args: string[];
}

let detected: Promise<ComposeCommand> | undefined;

/** `docker compose` (v2) where it works, else `docker-compose` (v1, all that Debian ships). */
export function composeCommand(): Promise<ComposeCommand> {
  detected ??= (async () => {
    if ((await execa('docker', ['compose', 'version'], { reject: false, timeout: 10_000 })).exitCode === 0)
      return { file: 'docker', args: ['compose'] };
    if ((await execa('docker-compose', ['version'], { reject: false, timeout: 10_000 })).exitCode === 0)
      return { file: 'docker-compose', args: [] };
    throw new Error('neither `docker compose` nor `docker-compose` works here; run scripts/docker-env.sh');
  })();
  return detected;
}

/** Compose's own view of a project's effective file (`config`), run as pyat's adapter would run it. */
export async function composeConfig(cli: ComposeCli, project: ComposeProjectRef): Promise<string> {
  const argv = composeArgv(cli, project, ['config']);
  return (await execa(argv[0] ?? '', argv.slice(1), { timeout: 60_000 })).stdout;
}

/** `pyattest-<prefix>-<pid>-<random>`: lowercase, valid for Compose v1 and v2, unique per call. */
export function uniqueProjectName(prefix: string): string {
  const slug =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'test';
  return `pyattest-${slug}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** One Compose project: a file in its own temp dir, a unique name, and the commands a test needs. */
export class ComposeProject {
  private constructor(
    readonly name: string,
    readonly dir: string,
    readonly file: string,
  ) {}

  /** Writes `definition` (a Compose file as an object, never a template string) under a unique project name. */
  static async create(prefix: string, definition: object): Promise<ComposeProject> {
    const name = uniqueProjectName(prefix);
    const dir = await mkdtemp(path.join(os.tmpdir(), `${name}-`));
    const file = path.join(dir, 'docker-compose.yml');
    await writeFile(file, stringify(definition));
    return new ComposeProject(name, dir, file);
  }

  /** Runs `compose -p NAME -f FILE ...args`; throws with Compose's output when it fails. */
  async run(args: string[], { timeoutMs = 120_000, reject = true } = {}) {
    const compose = await composeCommand();
    // cwd is the project's own dir: Compose reads a `.env` from there, and there is none.
    return execa(compose.file, [...compose.args, '-p', this.name, '-f', this.file, ...args], {
      cwd: this.dir,
      all: true,
      timeout: timeoutMs,
      reject,
    });
  }

  /** `up -d` of the given services (all when none); Compose itself waits for `condition: service_healthy`. */
  async up(services: string[] = []): Promise<void> {
    await this.run(['up', '-d', ...services]);
  }

  /** The last `tail` lines of every service's log, for a failure report. */
  async logs(tail = 50): Promise<string> {
    const r = await this.run(['logs', '--no-color', '--tail', String(tail)], { reject: false, timeoutMs: 30_000 });
    return r.all;
  }

  /**
   * Removes this project's containers, networks and volumes — and nothing else; safe to call
   * twice. Returns what is still there afterwards: a clean teardown returns three empty lists.
   */
  async down(): Promise<ProjectResources> {
    const mounted = await mountedVolumes(this.name);
    await this.run(['down', '-v', '--remove-orphans', '--timeout', '2'], { reject: false });
    // `down` can leave things behind (a container being created, a failed `up`): sweep by label.
    await removeProjectResources(this.name);
    await rm(this.dir, { recursive: true, force: true });
    const left = await projectResources(this.name);
    // Anonymous volumes are not labelled: report any that outlived their containers as left over.
    const anonymous = (await existingVolumes(mounted)).filter((v) => !left.volumes.includes(v));
    return { ...left, volumes: [...left.volumes, ...anonymous] };
  }
}

/**
 * A project for the enclosing `describe`: created and started in beforeAll, torn down in afterAll
 * whatever happened, its logs printed with every failing test. Returns a getter for the tests.
 */
export function useComposeProject(prefix: string, definition: () => object | Promise<object>, { up = true } = {}): () => ComposeProject {
  let project: ComposeProject | undefined;
  beforeAll(async () => {
    project = await ComposeProject.create(prefix, await definition());
    if (!up) return;
    try {
      await project.up();
    } catch (err) {
      // No test runs after a failed beforeAll, so the logs go into the error itself.
      const logs = await project.logs();
      throw new Error(`${(err as Error).message}\n--- ${project.name} logs ---\n${logs}`, { cause: err });
    }
  });
  afterAll(async () => {
    await project?.down();
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => {
      if (project) console.error(`--- ${project.name}: docker compose logs --tail 50 ---\n${await project.logs()}`);
    });
  });
  return () => {
    if (!project) throw new Error('the Compose project exists only inside tests (after beforeAll)');
    return project;
  };
}
