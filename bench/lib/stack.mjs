// The benchmark's stacks: the demo registry on local images (examples/demo + local.yaml) plus an
// override with bench ports and start delays, and the Compose file Compose runs from it — pyat's
// own generated file in its v1 form, with the healthcheck timing of the scenario.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { docker, must, run } from './measure.mjs';

export const repo = path.resolve(new URL('../..', import.meta.url).pathname);
export const pyatBin = path.join(repo, 'dist/cli/bin.js');
const demo = path.join(repo, 'examples/demo');
const PORTS = { postgres: 49432, redis: 49379, catalog: 49101, orders: 49102, checkout: 49103, gateway: 49100, notifier: 49104 };

/** A bench stack: registry files, a project name, and the Compose file for the Compose runs. */
export function makeStack(name, { delays = {}, healthcheck = 'tuned' } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const services = {};
  for (const [svc, port] of Object.entries(PORTS)) {
    const container = parse(readFileSync(path.join(demo, 'services.yaml'), 'utf8')).services[svc].port;
    services[svc] = { port: { host: port, container: typeof container === 'number' ? container : container.container } };
    if (delays[svc]) services[svc].env = { START_DELAY_MS: String(delays[svc]) };
  }
  const override = path.join(dir, 'bench.yaml');
  writeFileSync(override, stringify({ port_range: [49100, 49110], services }));
  const files = ['-f', path.join(demo, 'services.yaml'), '-f', path.join(demo, 'local.yaml'), '-f', override];
  return { name, dir, files, healthcheck };
}

/** Writes the Compose file Compose runs: pyat's v1 form, healthchecks tuned (interval 1s) or left at the engine's defaults. */
export async function composeFileFor(stack) {
  const out = path.join(path.join(repo, 'examples/demo/compose'), `.bench-${stack.name}.yml`);
  await must(process.execPath, [pyatBin, ...stack.files, 'generate', '--target', 'v1', '-o', out]);
  const model = parse(readFileSync(out, 'utf8'));
  for (const svc of Object.values(model.services)) {
    if (!svc.healthcheck) continue;
    if (stack.healthcheck === 'default') {
      // The engine's defaults: interval 30s, timeout 30s, retries 3, no start period.
      for (const k of ['interval', 'timeout', 'retries', 'start_period']) delete svc.healthcheck[k];
    } else svc.healthcheck.interval = '1s';
  }
  delete model.services.notifier; // a profile-only service: neither side starts it
  for (const svc of Object.values(model.services)) if (svc.depends_on) delete svc.depends_on.notifier;
  writeFileSync(out, stringify(model));
  stack.composeFile = out;
  return out;
}

/** Removes everything of a project (containers, network, volumes). */
export async function teardown(project) {
  const ids = (await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`])).split('\n').filter(Boolean);
  if (ids.length) await run('docker', ['rm', '-fv', ...ids]);
  const nets = (await docker(['network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`])).split('\n').filter(Boolean);
  if (nets.length) await run('docker', ['network', 'rm', ...nets]);
  const vols = (await docker(['volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`])).split('\n').filter(Boolean);
  if (vols.length) await run('docker', ['volume', 'rm', '-f', ...vols]);
}

/** Every container of a project: service, StartedAt (ms), health status, id. */
export async function projectState(project) {
  const ids = (await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`])).split('\n').filter(Boolean);
  if (!ids.length) return [];
  const info = JSON.parse(await docker(['inspect', ...ids]));
  return info.map((c) => ({
    id: c.Id,
    service: c.Config.Labels['com.docker.compose.service'],
    startedAt: c.State.StartedAt.startsWith('0001') ? undefined : Date.parse(c.State.StartedAt),
    health: c.State.Health?.Status,
    running: c.State.Running,
  }));
}

/** When a demo service logged `listening on` (its own clock, the host's). */
export async function listeningAt(containerId) {
  const r = await run('docker', ['logs', containerId]);
  const line = `${r.stdout}${r.stderr}`.split('\n').find((l) => l.includes('listening on'));
  return line ? Date.parse(line.split(' ')[0]) : undefined;
}

/** Removes a stack's temp files. */
export function cleanup(stack) {
  rmSync(stack.dir, { recursive: true, force: true });
  if (stack.composeFile) rmSync(stack.composeFile, { force: true });
}

/** A layered DAG of `n` services as a registry file, for the scale benchmark. */
export function bigRegistry(n) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pyat-bench-300-'));
  mkdirSync(dir, { recursive: true });
  const services = {};
  const width = 20;
  for (let i = 0; i < n; i += 1) {
    const layer = Math.floor(i / width);
    const deps = layer === 0 ? [] : [0, 7, 13].map((k) => `svc-${(layer - 1) * width + ((i + k) % width)}`);
    services[`svc-${i}`] = {
      image: `example/svc-${i}:1`,
      port: 20000 + i,
      depends_on: [...new Set(deps)],
      env: { DATABASE_URL: `postgresql://app:\${DB_PASSWORD:-x}@db:5432/s${i}`, LOG_LEVEL: '${LOG_LEVEL:-info}' },
      health: { type: 'http', path: '/health', interval: '250ms', timeout: '30s' },
    };
  }
  const file = path.join(dir, 'services.yaml');
  writeFileSync(file, stringify({ name: 'bench300', port_range: [20000, 20000 + n], services }));
  return { dir, file };
}
