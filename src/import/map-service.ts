// One merged Compose service → one registry service, with a report entry for every key: mapped
// to its registry equivalent, rewritten (a secret, a path, a port's address), kept in `compose:`,
// or dropped with the reason. Pure: the project-wide facts come in through ServiceContext.

import path from 'node:path';
import { rebase, rebaseVolume } from '../compose/paths.js';
import { dependsOnMap, keyValueEntries, parsePort, scalarText } from './compose-values.js';
import { decideHealth } from './health.js';
import type { ImportAction } from './report.js';
import { rewriteCommand, rewriteEnvValue, rewriteText, type FoundSecret, type SecretVault } from './secrets.js';

/** What a service's mapping needs to know about the rest of the project. */
export interface ServiceContext {
  /** The name the service gets in the registry. */
  name: string;
  /** Compose service name → registry service name, for every service. */
  names: ReadonlyMap<string, string>;
  /** The Compose project directory (relative paths are from it) and the output's folder. */
  dir: string;
  outDir: string;
  dependedUpon: boolean;
  job: boolean;
  vault: SecretVault;
  /** Env values already rewritten in the first pass (secret-named keys), by key. */
  env: Map<string, { value: string; found: FoundSecret[] }>;
  note: (key: string[], action: ImportAction, why: string) => void;
}

/** Keys pyat drops on purpose, and why. */
const DROPPED_KEYS: Readonly<Record<string, string>> = {
  container_name: 'pyat names containers by project and service as Compose does; a fixed name breaks -p and parallel projects',
  links: 'legacy: services reach each other by service name on the project network',
  external_links: 'legacy: join the other project through a network in compose: if it is still needed',
  networks: "every service joins the project's default network in the generated file",
  network_mode: "every service joins the project's default network in the generated file; probes reach it through published ports",
  secrets: 'Compose secrets are not carried over: pass the value through env as ${VAR}',
  configs: 'Compose configs are not carried over: mount the file through volumes',
  volumes_from: 'name the volumes themselves under volumes',
  healthcheck: 'replaced by the health probe above',
};

// Keys mapped to a registry key (handled below); everything else not dropped goes to compose:.
const MAPPED = new Set([
  'image',
  'build',
  'command',
  'entrypoint',
  'working_dir',
  'user',
  'env_file',
  'environment',
  'ports',
  'depends_on',
  'healthcheck',
  'volumes',
  'profiles',
  'restart',
  'deploy',
  'mem_limit',
  'cpus',
]);

const BUILD_KEYS = new Set(['context', 'dockerfile', 'args', 'target', 'dockerfile_inline']);

/** The registry service for one Compose service. */
export function mapService(svc: Record<string, unknown>, ctx: ServiceContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set<string>();
  const secrets = (key: string[], found: FoundSecret[]) => {
    for (const f of found) {
      required.add(f.variable);
      ctx.note(key, 'rewritten', secretWhy(f));
    }
  };

  if (typeof svc.image === 'string') {
    out.image = svc.image;
    ctx.note(['image'], 'mapped', 'image');
  }
  if (svc.build !== undefined) out.build = mapBuild(svc.build, ctx, secrets);
  for (const key of ['entrypoint', 'command'] as const) {
    const value = svc[key];
    if (typeof value !== 'string' && !Array.isArray(value)) continue;
    const r = rewriteCommand(ctx.name, Array.isArray(value) ? value.map(scalarText) : value, ctx.vault);
    out[key] = r.value;
    ctx.note([key], 'mapped', `${key}, as written (${Array.isArray(value) ? 'a list' : 'a string'})`);
    secrets([key], r.found);
  }
  for (const key of ['working_dir', 'user'] as const) {
    if (svc[key] === undefined) continue;
    out[key] = scalarText(svc[key]);
    ctx.note([key], 'mapped', key);
  }
  if (svc.env_file !== undefined) out.env_file = mapEnvFiles(svc.env_file, ctx);

  const ports = ctx.job ? [] : mapPorts(svc.ports, ctx);
  if (ctx.job && Array.isArray(svc.ports) && svc.ports.length > 0)
    ctx.note(['ports'], 'dropped', 'a job (others wait for it to complete) publishes no port in pyat');
  if (ports.length === 1) out.port = ports[0];
  else if (ports.length > 1) out.ports = ports;

  const deps = mapDependsOn(svc.depends_on, ctx);
  if (deps.length > 0) out.depends_on = deps;

  const env = mapEnvironment(svc.environment, ctx, secrets);
  if (Object.keys(env).length > 0) out.env = env;

  const volumes = mapVolumes(svc.volumes, ctx);
  if (volumes.length > 0) out.volumes = volumes;
  if (Array.isArray(svc.profiles)) {
    out.profiles = svc.profiles.map(scalarText);
    ctx.note(['profiles'], 'mapped', 'profiles: every profile is imported; the service starts only with --profile');
  }
  if (svc.restart !== undefined) {
    out.restart = scalarText(svc.restart);
    ctx.note(['restart'], 'mapped', 'restart policy');
  }
  const resources = mapResources(svc, ctx);
  if (resources) out.resources = resources;
  if (svc.build === undefined) out.infra = true;
  if (ctx.job) out.job = true;

  const health = mapHealth(svc, out, env, ports, ctx, secrets);
  if (health) out.health = health;

  const deploy = deployRest(svc, ctx);
  const compose = { ...passThrough(svc, ctx, secrets), ...(deploy ? { deploy } : {}) };
  if (Object.keys(compose).length > 0) out.compose = compose;

  if (required.size > 0) out.required_env = [...required].sort();
  return order(out);
}

const KEY_ORDER = [
  'image',
  'build',
  'entrypoint',
  'command',
  'working_dir',
  'user',
  'env_file',
  'port',
  'ports',
  'depends_on',
  'env',
  'required_env',
  'volumes',
  'profiles',
  'restart',
  'resources',
  'infra',
  'job',
  'health',
  'compose',
];

function order(out: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(KEY_ORDER.filter((k) => out[k] !== undefined).map((k) => [k, out[k]]));
}

function secretWhy(f: FoundSecret): string {
  const how = { key: 'a literal secret', url: "a URL's password", argument: 'a password argument', default: "a secret's default value" }[
    f.kind
  ];
  return `${how}: now \${${f.variable}} (in required_env and .env.example; the value only in --env-out)`;
}

type Secrets = (key: string[], found: FoundSecret[]) => void;

/** A path relative to the project directory (or absolute), made relative to the output's folder. */
function relocate(p: string, ctx: ServiceContext): string {
  if (/^[a-z]+:\/\/|^git@|^github\.com\//.test(p)) return p;
  return rebase(path.isAbsolute(p) ? path.relative(ctx.dir, p) || '.' : p, ctx.dir, ctx.outDir);
}

function mapBuild(build: unknown, ctx: ServiceContext, secrets: Secrets): unknown {
  const spec = typeof build === 'string' ? { context: build } : (build as Record<string, unknown>);
  const written = scalarText(spec.context ?? '.');
  const context = relocate(written, ctx);
  ctx.note(['build'], 'mapped', context === written ? 'build' : `build; context ${written} is ${context} from the output's folder`);
  const out: Record<string, unknown> = { context };
  if (spec.dockerfile !== undefined) out.dockerfile = scalarText(spec.dockerfile);
  if (spec.args !== undefined) {
    const args: Record<string, string> = {};
    for (const [k, v] of keyValueEntries(spec.args)) {
      const r = v === null ? { value: `\${${k}}`, found: [] } : rewriteEnvValue(ctx.name, k, v, ctx.vault);
      args[k] = r.value;
      secrets(['build', 'args', k], r.found);
    }
    out.args = args;
  }
  if (spec.target !== undefined) out.target = scalarText(spec.target);
  if (spec.dockerfile_inline !== undefined) out.dockerfile_inline = scalarText(spec.dockerfile_inline);
  for (const key of Object.keys(spec).filter((k) => !BUILD_KEYS.has(k)))
    ctx.note(['build', key], 'dropped', "pyat's build has context, dockerfile, args, target and dockerfile_inline only");
  return Object.keys(out).length === 1 ? context : out;
}

function mapEnvFiles(value: unknown, ctx: ServiceContext): string[] {
  const list = Array.isArray(value) ? value : [value];
  const files = list.map((f) => {
    const p = typeof f === 'object' && f !== null ? scalarText((f as { path: unknown }).path) : scalarText(f);
    return relocate(p, ctx);
  });
  const optional = list.some((f) => typeof f === 'object' && f !== null && (f as { required?: unknown }).required === false);
  ctx.note(
    ['env_file'],
    'mapped',
    'env_file (the files stay where they are; their values are not read)' +
      (optional ? '; required: false is not kept: each file must exist' : ''),
  );
  return files;
}

/** Published ports: a number when host and container agree, else { host, container }, bind only when not 127.0.0.1. */
function mapPorts(value: unknown, ctx: ServiceContext): unknown[] {
  if (!Array.isArray(value)) return [];
  const out: unknown[] = [];
  value.forEach((item, i) => {
    const d = portDecision(item);
    if ('entry' in d) out.push(d.entry);
    ctx.note(['ports', String(i)], d.action, d.why);
  });
  return out;
}

type PortDecision = { entry: unknown; action: 'mapped' | 'rewritten'; why: string } | { action: 'dropped'; why: string };

function portDecision(item: unknown): PortDecision {
  const p = parsePort(item);
  const drop = (why: string): PortDecision => ({ action: 'dropped', why });
  if (!p) return drop(`${JSON.stringify(item)} is not a port pyat can read`);
  if (p.protocol !== 'tcp') return drop(`a ${p.protocol} port: pyat publishes and probes TCP ports only — add it under compose: ports`);
  if (p.published === undefined)
    return drop(`container port ${p.target} without a host port (Compose picks a random one): write { host, container } to publish it`);
  const host = portNumber(p.published);
  const container = portNumber(p.target);
  if (host === undefined || container === undefined)
    return drop(`${JSON.stringify(item)}: a port range or a variable without a default — list each port`);
  const bind = p.ip === undefined || p.ip === '' || p.ip === '0.0.0.0' ? undefined : p.ip;
  const loopback = bind === undefined || bind === '127.0.0.1';
  const entry = host === container && loopback ? host : { host, container, ...(loopback ? {} : { bind }) };
  const fromVar = p.published.startsWith('${') ? `; host port ${String(host)} is the default of ${p.published}` : '';
  if (bind !== undefined) return { entry, action: 'mapped', why: `port ${String(host)}:${String(container)}${fromVar}` };
  const why =
    "published on 127.0.0.1 (pyat's default) instead of every interface; add bind: 0.0.0.0 to reach it from other machines" + fromVar;
  return { entry, action: 'rewritten', why };
}

/** A port number, or the default of `${VAR:-8000}`. */
function portNumber(text: string): number | undefined {
  const t = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(\d+)\}$/.exec(text)?.[1] ?? text;
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 65535 ? n : undefined;
}

function mapDependsOn(value: unknown, ctx: ServiceContext): string[] {
  const deps: string[] = [];
  for (const [name, entry] of Object.entries(dependsOnMap(value))) {
    const key = ['depends_on', name];
    const target = ctx.names.get(name);
    if (target === undefined) {
      ctx.note(key, 'conflict', `depends on ${name}, which no file defines: left out — add the service or pass the file that defines it`);
      continue;
    }
    deps.push(target);
    const how =
      entry.condition === 'service_completed_successfully'
        ? `${target} becomes a job: this service starts after it exited 0`
        : entry.condition === 'service_healthy'
          ? `starts after ${target}'s probe passes`
          : `${entry.condition}: pyat waits for ${target}'s probe, not only for its start`;
    const extras = [
      entry.required === false ? 'required: false is not kept (pyat starts every dependency)' : '',
      entry.restart === true ? 'restart: true is not kept' : '',
    ].filter(Boolean);
    ctx.note(key, 'mapped', [how, ...extras].join('; '));
  }
  return deps;
}

function mapEnvironment(value: unknown, ctx: ServiceContext, secrets: Secrets): Record<string, string> {
  const env: Record<string, string> = {};
  const bare: string[] = [];
  for (const [k, v] of keyValueEntries(value)) {
    if (v === null) {
      env[k] = `\${${k}}`;
      bare.push(k);
      continue;
    }
    const r = ctx.env.get(k) ?? rewriteEnvValue(ctx.name, k, v, ctx.vault);
    env[k] = r.value;
    secrets(['environment', k], r.found);
  }
  if (value !== undefined) {
    const form = Array.isArray(value) ? 'list' : 'map';
    const tail =
      bare.length > 0
        ? `; ${bare.join(', ')} without a value take${bare.length === 1 ? 's' : ''} it from the environment: written \${NAME}`
        : '';
    ctx.note(['environment'], bare.length > 0 ? 'rewritten' : 'mapped', `env from the ${form} form, values as written${tail}`);
  }
  return env;
}

function mapVolumes(value: unknown, ctx: ServiceContext): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  value.forEach((item, i) => {
    const key = ['volumes', String(i)];
    if (typeof item === 'string') {
      const [source, ...rest] = item.split(':');
      const abs = source !== undefined && path.isAbsolute(source) && rest.length > 0 && source.startsWith(ctx.dir);
      out.push(abs ? [relocate(source, ctx), ...rest].join(':') : rebaseVolume(item, ctx.dir, ctx.outDir));
      return;
    }
    const v = item as Record<string, unknown>;
    if ((v.type === 'volume' || v.type === 'bind') && typeof v.target === 'string') {
      const source = typeof v.source === 'string' ? (v.type === 'bind' ? relocate(v.source, ctx) : v.source) : undefined;
      out.push([source, v.target, v.read_only === true ? 'ro' : undefined].filter((s) => s !== undefined).join(':'));
      const extra = Object.keys(v).filter((k) => !['type', 'source', 'target', 'read_only'].includes(k));
      ctx.note(
        key,
        extra.length > 0 ? 'dropped' : 'mapped',
        extra.length > 0 ? `written in short syntax; ${extra.join(', ')} not kept` : 'written in short syntax',
      );
      return;
    }
    ctx.note(key, 'dropped', `a ${String(v.type)} mount: pyat's volumes are the short syntax — add it under compose: tmpfs`);
  });
  if (out.length > 0) ctx.note(['volumes'], 'mapped', 'volumes (bind-mount sources relative to the output’s folder)');
  return out;
}

function mapResources(svc: Record<string, unknown>, ctx: ServiceContext): Record<string, unknown> | undefined {
  const deploy = (svc.deploy ?? {}) as Record<string, unknown>;
  const limits = ((deploy.resources as Record<string, unknown> | undefined)?.limits ?? {}) as Record<string, unknown>;
  const memory = limits.memory ?? svc.mem_limit;
  const cpus = limits.cpus ?? svc.cpus;
  for (const k of Object.keys(limits))
    if (k !== 'memory' && k !== 'cpus') ctx.note(['deploy', 'resources', 'limits', k], 'dropped', 'only memory and cpus are kept');
  if (memory === undefined && cpus === undefined) return undefined;
  const key = Object.keys(limits).length > 0 ? ['deploy', 'resources', 'limits'] : [memory !== undefined ? 'mem_limit' : 'cpus'];
  ctx.note(key, 'mapped', 'resources (memory, cpus)');
  return { ...(memory !== undefined ? { memory: scalarText(memory) } : {}), ...(cpus !== undefined ? { cpus: Number(cpus) } : {}) };
}

/** What deploy says besides resources.limits (replicas, reservations…): kept in compose: as written. */
function deployRest(svc: Record<string, unknown>, ctx: ServiceContext): Record<string, unknown> | undefined {
  if (svc.deploy === null || typeof svc.deploy !== 'object') return undefined;
  const { resources, ...rest } = svc.deploy as Record<string, unknown>;
  const { limits: _limits, ...otherResources } = (resources ?? {}) as Record<string, unknown>;
  const out = Object.keys(otherResources).length > 0 ? { ...rest, resources: otherResources } : rest;
  if (Object.keys(out).length === 0) return undefined;
  ctx.note(['deploy'], 'kept-in-compose', `deploy ${Object.keys(out).join(', ')}: no registry key, carried over under compose:`);
  return out;
}

function mapHealth(
  svc: Record<string, unknown>,
  out: Record<string, unknown>,
  env: Record<string, string>,
  ports: unknown[],
  ctx: ServiceContext,
  secrets: Secrets,
): Record<string, unknown> | undefined {
  const hc = svc.healthcheck as Record<string, unknown> | undefined;
  if (ctx.job) {
    if (hc) ctx.note(['healthcheck'], 'dropped', 'a job has no probe: its dependents wait for it to exit 0');
    return undefined;
  }
  let test: string | string[] | undefined;
  if (hc && (typeof hc.test === 'string' || Array.isArray(hc.test))) {
    const r = rewriteCommand(ctx.name, Array.isArray(hc.test) ? hc.test.map(scalarText) : hc.test, ctx.vault);
    test = r.value;
    secrets(['healthcheck', 'test'], r.found);
  }
  const first = ports[0];
  const defaultPort = typeof first === 'number' ? first : (first as { container?: number } | undefined)?.container;
  const decision = decideHealth({
    healthcheck: hc,
    test,
    command: out.command as string | string[] | undefined,
    image: typeof svc.image === 'string' ? svc.image : undefined,
    env,
    defaultPort,
    dependedUpon: ctx.dependedUpon,
  });
  if (decision) ctx.note(['healthcheck'], decision.action, decision.why);
  return decision?.health;
}

/** Keys with no registry equivalent go to compose: as written (dropped ones are reported). */
function passThrough(svc: Record<string, unknown>, ctx: ServiceContext, secrets: Secrets): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(svc)) {
    if (MAPPED.has(key) && key !== 'healthcheck') continue;
    if (key === 'healthcheck') continue;
    const dropped = DROPPED_KEYS[key];
    if (dropped !== undefined) {
      ctx.note([key], 'dropped', dropped);
      continue;
    }
    out[key] = scrub(value, (text) => {
      const r = rewriteText(text, ctx.vault, ctx.name, [`${ctx.name}_${key}_PASSWORD`]);
      secrets([key], r.found);
      return r.value;
    });
    ctx.note([key], 'kept-in-compose', 'no registry key: carried over under compose:, merged into the generated service');
  }
  return out;
}

/** Applies `f` to every string inside a value. */
function scrub(value: unknown, f: (text: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, f));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, f)]));
  return value;
}
