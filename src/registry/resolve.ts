// Turns a valid registry file (as written) into the model the rest of pyat uses. Every default
// is filled here, from DEFAULTS; values that may hold `${VAR}` stay as written.

import type { SourceLocation } from '../errors.js';
import type { BuildSpec, PortSpec, Registry, ResourcesSpec, ServiceDef } from './model.js';
import { DEFAULTS } from './defaults.js';
import type { Path } from './path.js';
import { resolveHealth, resolveSmoke } from './resolve-health.js';
import type { BuildFile, PortFile, RegistryFile, ResourcesFile, ServiceFile } from './schema.js';

/** Where the files came from, and how to find a line. */
export interface ResolveContext {
  files: string[];
  baseDir: string;
  locate: (path: Path, prefer?: 'last' | 'first') => SourceLocation | undefined;
}

/** Builds the resolved registry. */
export function resolveRegistry(file: RegistryFile, ctx: ResolveContext): Registry {
  const services = new Map<string, ServiceDef>();
  for (const [name, s] of Object.entries(file.services))
    services.set(name, resolveService(name, s, ctx.locate(['services', name], 'first')));
  return {
    name: file.name,
    portRange: file.port_range ? [file.port_range[0], file.port_range[1]] : [...DEFAULTS.portRange],
    gate: file.gate ?? DEFAULTS.gate,
    services,
    files: ctx.files,
    baseDir: ctx.baseDir,
  };
}

function resolveService(name: string, s: ServiceFile, location: SourceLocation | undefined): ServiceDef {
  const env = stringify(s.env);
  // `port` is the shorthand for a list of one; both at once is refused by a validator (portAndPorts).
  const ports = (s.ports ?? (s.port !== undefined ? [s.port] : [])).map(resolvePort);
  const build = resolveBuild(s.build);
  return {
    name,
    ...(s.image !== undefined ? { image: s.image } : {}),
    ...(build ? { build } : {}),
    ports,
    dependsOn: s.depends_on ?? [],
    env,
    requiredEnv: s.required_env ?? [],
    volumes: s.volumes ?? [],
    ...(s.command !== undefined ? { command: s.command } : {}),
    ...(s.entrypoint !== undefined ? { entrypoint: s.entrypoint } : {}),
    ...(s.working_dir !== undefined ? { workingDir: s.working_dir } : {}),
    ...(s.user !== undefined ? { user: s.user } : {}),
    envFile: s.env_file === undefined ? [] : typeof s.env_file === 'string' ? [s.env_file] : s.env_file,
    ...(s.resources !== undefined ? { resources: resolveResources(s.resources) } : {}),
    job: s.job ?? false,
    ...(s.compose !== undefined ? { compose: s.compose } : {}),
    ...(s.restart !== undefined ? { restart: s.restart } : {}),
    profiles: s.profiles ?? [],
    infra: s.infra ?? false,
    health: resolveHealth(s.health, env, ports),
    smoke: resolveSmoke(s.smoke),
    ...(location ? { location } : {}),
  };
}

function resolvePort(p: PortFile): PortSpec {
  if (typeof p === 'number') return { host: p, container: p, bind: DEFAULTS.bind };
  return { host: p.host, container: p.container, bind: p.bind ?? DEFAULTS.bind };
}

function resolveBuild(b: BuildFile | undefined): BuildSpec | undefined {
  if (b === undefined) return undefined;
  if (typeof b === 'string') return { context: b, args: {} };
  return {
    context: b.context,
    ...(b.dockerfile !== undefined ? { dockerfile: b.dockerfile } : {}),
    args: stringify(b.args),
    ...(b.target !== undefined ? { target: b.target } : {}),
    ...(b.dockerfile_inline !== undefined ? { dockerfileInline: b.dockerfile_inline } : {}),
  };
}

function resolveResources(r: ResourcesFile): ResourcesSpec {
  return { ...(r.memory !== undefined ? { memory: r.memory } : {}), ...(r.cpus !== undefined ? { cpus: r.cpus } : {}) };
}

// YAML reads `DEBUG: true` and `PORT: 8000` as a boolean and a number; the environment wants strings.
function stringify(map: Record<string, string | number | boolean> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, String(v)]));
}
