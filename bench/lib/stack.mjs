// The benchmark's stacks: the demo registry (examples/demo, images from local.yaml) copied into
// a temp dir with bench-only host ports and start delays, and the Compose file that Compose runs
// for it — pyat's own generated file in its v1 form, with the healthcheck timing of the scenario.
// Nothing is written into the repository.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Document, isCollection, parse, stringify, visit } from 'yaml';
import { must } from './measure.mjs';

export const repo = path.resolve(import.meta.dirname, '../..');
export const pyatBin = path.join(repo, 'dist/cli/pyat.cjs');
const demo = path.join(repo, 'examples/demo');
// Bench-only ports: the Docker tests take theirs from 47000–47999, a developer's stack sits elsewhere.
const PORT_LOW = 46000;
const PORT_HIGH = 46999;

// Every temp dir the bench makes, so that an interrupted run removes them too.
const tempDirs = new Set();

export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Removes every temp dir made so far (registries, Compose files, pyat's runtime files). */
export function removeTempDirs() {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** `n` host ports in the bench range that are free on 127.0.0.1 now. */
export async function freePorts(n) {
  const ports = [];
  for (let p = PORT_LOW + Math.floor(Math.random() * 500); ports.length < n && p <= PORT_HIGH; p += 1) {
    if (await isFree(p)) ports.push(p);
  }
  if (ports.length < n) throw new Error(`no ${n} free ports in ${PORT_LOW}-${PORT_HIGH}`);
  return ports;
}

function isFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The demo stack in a temp dir: services.yaml with local.yaml's images (no build: the images
 * exist), without profile-only services, on `ports`, with START_DELAY_MS per service.
 */
export function makeStack(name, ports, { delays = {} } = {}) {
  const base = parse(readFileSync(path.join(demo, 'services.yaml'), 'utf8'));
  const local = parse(readFileSync(path.join(demo, 'local.yaml'), 'utf8'));
  const services = {};
  const names = Object.keys(base.services).filter((n) => !base.services[n].profiles);
  names.forEach((svc, i) => {
    const { build: _build, ...def } = base.services[svc];
    const container = typeof def.port === 'number' ? def.port : def.port.container;
    services[svc] = { ...def, image: local.services[svc]?.image ?? def.image, port: { host: ports[i], container } };
    if (delays[svc]) services[svc].env = { ...def.env, START_DELAY_MS: String(delays[svc]) };
  });
  const dir = tempDir(`${name}-`);
  const file = path.join(dir, 'services.yaml');
  writeFileSync(file, stringify({ name, port_range: [Math.min(...ports), Math.max(...ports)], services }));
  return { name, dir, file, services: names, images: [...new Set(names.map((n) => services[n].image))] };
}

/**
 * Writes the Compose file for `stack` with `timing` of the healthchecks: `tuned` is pyat's file
 * with `interval: 1s`; `default` drops the timing keys, so the engine's defaults apply
 * (interval 30s, timeout 30s, retries 3, no start period) — Compose's out-of-the-box behaviour.
 */
export async function composeFileFor(stack, timing) {
  const out = path.join(stack.dir, `compose-${timing}.yml`);
  await must(process.execPath, [pyatBin, '-f', stack.file, 'generate', '--target', 'v1', '-o', out]);
  const model = parse(readFileSync(out, 'utf8'));
  for (const svc of Object.values(model.services)) {
    if (!svc.healthcheck) continue;
    if (timing === 'default') for (const k of ['interval', 'timeout', 'retries', 'start_period']) delete svc.healthcheck[k];
    else svc.healthcheck.interval = '1s';
  }
  writeFileSync(out, stringify(model));
  return out;
}

/** A layered DAG of `n` services (20 per layer, each on three of the layer below) as a registry file, for the scale benchmark. */
export function bigRegistry(n) {
  const dir = tempDir(`pyatbench-${n}-`);
  const width = 20;
  const services = {
    postgres: {
      image: 'postgres:16-alpine',
      infra: true,
      port: { host: 15432, container: 5432 },
      env: { POSTGRES_USER: '${PG_USER:-app}', POSTGRES_PASSWORD: '${PG_PASSWORD:-secret}', POSTGRES_DB: 'app' },
      volumes: ['pg-data:/var/lib/postgresql/data'],
      health: { type: 'postgres', interval: '200ms', timeout: '60s' },
    },
    redis: { image: 'redis:7-alpine', infra: true, port: { host: 16379, container: 6379 }, health: { type: 'redis' } },
  };
  for (let i = 0; i < n - 2; i += 1) {
    const layer = Math.floor(i / width);
    const deps =
      layer === 0 ? ['postgres', 'redis'] : [...new Set([0, 7, 13].map((k) => `svc-${(layer - 1) * width + ((i + k) % width)}`))];
    services[`svc-${i}`] = {
      ...(i % 3 === 0 ? { build: { context: `./services/svc-${i}`, args: { NODE_VERSION: '20' } } } : {}),
      image: `example/svc-${i}:dev`,
      port: 20000 + i,
      depends_on: deps,
      env: {
        DATABASE_URL: 'postgresql://${PG_USER:-app}:${PG_PASSWORD:-secret}@postgres:5432/app',
        REDIS_URL: `redis://redis:6379/${i % 16}`,
        LOG_LEVEL: '${LOG_LEVEL:-info}',
      },
      ...(i % 5 === 0 ? { volumes: [`./data/svc-${i}:/data`] } : {}),
      ...(i % 4 === 0 ? { command: ['node', 'server.js', '--port', String(20000 + i)] } : {}),
      health: i % 7 === 0 ? { type: 'tcp', timeout: '30s' } : { type: 'http', path: '/health', interval: '250ms', timeout: '30s' },
      ...(i % 10 === 0 ? { smoke: [{ name: 'root', path: '/', expect: 200 }] } : {}),
    };
  }
  // Written the way the README writes a registry: short maps and lists in flow style, env as a block.
  const doc = new Document({ name: `bench${n}`, port_range: [20000, 20000 + n], services });
  visit(doc, {
    Pair(_, pair) {
      if (FLOW_KEYS.has(pair.key?.value) && isCollection(pair.value)) pair.value.flow = true;
    },
  });
  const file = path.join(dir, 'services.yaml');
  const text = doc.toString({ lineWidth: 0 });
  writeFileSync(file, text);
  return { dir, file, lines: text.split('\n').length - 1, kb: Math.round(text.length / 1024) };
}

const FLOW_KEYS = new Set(['port_range', 'port', 'build', 'depends_on', 'volumes', 'command', 'health', 'smoke']);

// The uneven stack of issue 13: a fast and a slow branch beside each other, each service a copy
// of the demo service (its /health asks its upstreams) on the local images.
const UNEVEN = {
  'airtable-gateway': { deps: ['postgres', 'redis'] },
  platform: { deps: ['postgres', 'redis'], slow: true },
  'mcp-server': { deps: ['airtable-gateway'] },
  'llm-orchestrator': { deps: ['mcp-server'] },
  automation: { deps: ['mcp-server', 'platform'] },
  'api-gateway': { deps: ['llm-orchestrator', 'automation', 'platform'] },
};

/** The uneven stack on `ports` (8 of them), platform listening `slowMs` after its process starts. */
export function makeUnevenStack(name, ports, slowMs) {
  const demoBase = parse(readFileSync(path.join(demo, 'services.yaml'), 'utf8'));
  const local = parse(readFileSync(path.join(demo, 'local.yaml'), 'utf8'));
  const infra = (svc, i) => {
    const { build: _build, ...def } = demoBase.services[svc];
    return { ...def, image: local.services[svc].image, port: { host: ports[i], container: def.port.container } };
  };
  const services = { postgres: infra('postgres', 0), redis: infra('redis', 1) };
  Object.entries(UNEVEN).forEach(([svc, { deps, slow }], i) => {
    const port = 58010 + i;
    const upstreams = deps
      .filter((d) => d !== 'postgres' && d !== 'redis')
      .map((d) => `http://${d}:${58010 + Object.keys(UNEVEN).indexOf(d)}`);
    services[svc] = {
      image: local.services.catalog.image,
      port: { host: ports[i + 2], container: port },
      depends_on: deps,
      env: {
        SERVICE_NAME: svc,
        PORT: String(port),
        ...(deps.includes('postgres') ? { DATABASE_URL: demoBase.services.catalog.env.DATABASE_URL } : {}),
        ...(deps.includes('redis') ? { REDIS_URL: `redis://redis:6379/${i}` } : {}),
        ...(upstreams.length > 0 ? { UPSTREAMS: upstreams.join(',') } : {}),
        ...(slow ? { START_DELAY_MS: String(slowMs) } : {}),
      },
      health: { type: 'http', path: '/health', interval: '100ms' },
    };
  });
  const dir = tempDir(`${name}-`);
  const file = path.join(dir, 'services.yaml');
  writeFileSync(file, stringify({ name, port_range: [Math.min(...ports), Math.max(...ports)], services }));
  const names = Object.keys(services);
  return {
    name,
    dir,
    file,
    // pyat's caches (XDG_CACHE_HOME) for runs that learn boot times from the runs before, and for cold runs.
    cache: tempDir(`${name}-cache-`),
    coldCache: tempDir(`${name}-cold-`),
    services: names,
    deps: { postgres: [], redis: [], ...Object.fromEntries(Object.entries(UNEVEN).map(([s, d]) => [s, d.deps])) },
    images: [...new Set(names.map((n) => services[n].image))],
  };
}
