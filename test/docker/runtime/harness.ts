// What the runtime's Docker tests share: the engine gate (skip locally, fail in CI), the local
// busybox image, unique project names, test ports and a teardown that always leaves nothing behind.

import { mkdir, mkdtemp, rm, symlink, copyFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import YAML from 'yaml';
import { createDockerEngine } from '../../../src/runtime/docker-engine.js';
import { isPortFree } from '../../../src/runtime/ports.js';

/** The 2 MB image every runtime test runs: Debian's static busybox, imported, never pulled. */
export const BUSYBOX = 'busybox-local:latest';

/** Whether the engine answers. Unreachable: fails in CI (CI set), else skips with one visible line. */
export async function requireEngine(suite: string): Promise<boolean> {
  try {
    await (await createDockerEngine(process.env, { query: 3_000 })).ping();
    return true;
  } catch (err) {
    const why = `${suite}: Docker engine not reachable (${err instanceof Error ? err.message : String(err)})`;
    if (process.env.CI) throw new Error(`${why} — CI must start dockerd before the tests`, { cause: err });
    console.warn(`SKIP ${why}`);
    return false;
  }
}

/** Builds `busybox-local:latest` from /bin/busybox unless the tag exists (parallel builds are harmless). */
export async function ensureBusybox(): Promise<void> {
  const has = await execa('docker', ['image', 'inspect', BUSYBOX], { reject: false, stdout: 'ignore', stderr: 'ignore' });
  if (has.exitCode === 0) return;
  const root = await mkdtemp(path.join(os.tmpdir(), 'pyattest-busybox-'));
  try {
    await mkdir(path.join(root, 'bin'));
    await mkdir(path.join(root, 'tmp'));
    await copyFile('/bin/busybox', path.join(root, 'bin', 'busybox'));
    const applets = (await execa('/bin/busybox', ['--list'])).stdout.split('\n').filter((a) => a && a !== 'busybox');
    await Promise.all(applets.map((a) => symlink('busybox', path.join(root, 'bin', a))));
    await execa('tar', ['-C', root, '-c', '.']).pipe('docker', ['import', '-c', 'CMD ["/bin/sh"]', '-', BUSYBOX]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** A project name no other test (or run) uses. */
export function uniqueProject(): string {
  return `pyattest-rt-${randomBytes(4).toString('hex')}`;
}

let cursor = 47000 + Math.floor(Math.random() * 1000);

/** `n` host ports in 47000–47999, free on 127.0.0.1 now. */
export async function testPorts(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let tried = 0; out.length < n && tried < 1000; tried++) {
    const port = cursor;
    cursor = cursor >= 47999 ? 47000 : cursor + 1;
    if (await isPortFree(port)) out.push(port);
  }
  if (out.length < n) throw new Error('no free test ports in 47000–47999');
  return out;
}

/** Writes a compose file (an object, stringified — never a template) into a fresh temp dir. */
export async function writeComposeFile(model: object): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pyattest-rt-'));
  const file = path.join(dir, 'compose.yaml');
  await writeFile(file, YAML.stringify(model));
  return { dir, file };
}

/** Ids of everything still carrying the project's label, by kind. */
export async function leftovers(project: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const filter = `label=com.docker.compose.project=${project}`;
  const ids = async (args: string[]): Promise<string[]> =>
    (await execa('docker', [...args, '--filter', filter, '-q'])).stdout.split('\n').filter(Boolean);
  const [containers, networks, volumes] = await Promise.all([ids(['ps', '-a']), ids(['network', 'ls']), ids(['volume', 'ls'])]);
  return { containers, networks, volumes };
}

/**
 * `docker-compose down -v --remove-orphans`, then removes whatever still has the project's label.
 * The engine (20.10) frees a removed container's network endpoint a moment later, so removing the
 * network can fail once with "has active endpoints": what is left is retried for up to 10 s.
 */
export async function teardown(project: string, file: string): Promise<void> {
  await execa('docker-compose', ['-p', project, '-f', file, 'down', '-v', '--remove-orphans', '-t', '1'], { reject: false });
  for (let attempt = 0; attempt < 50; attempt++) {
    const left = await leftovers(project);
    if (!left.containers.length && !left.networks.length && !left.volumes.length) return;
    if (left.containers.length) await execa('docker', ['rm', '-f', '-v', ...left.containers], { reject: false });
    if (left.networks.length) await execa('docker', ['network', 'rm', ...left.networks], { reject: false });
    if (left.volumes.length) await execa('docker', ['volume', 'rm', '-f', ...left.volumes], { reject: false });
    await new Promise((r) => setTimeout(r, 200));
  }
}
