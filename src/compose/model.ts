// Registry → Compose model: a pure function. Values stay as written, so `${VAR}` references
// reach the file and no secret does. Compose resolves them from the environment and `--env-file`.

import path from 'node:path';
import type { BuildSpec, Registry, ServiceDef } from '../registry/model.js';
import { UsageError } from '../errors.js';
import { tierOf } from '../plan/tiers.js';
import { healthcheckFor } from './healthcheck.js';
import { serviceHash } from './service-hash.js';
import { namedVolumeOf, rebase, rebaseVolume } from './paths.js';
import type { ComposeFile, ComposeService } from './types.js';

/** Labels by which pyat finds and describes its containers (Compose adds its own project/service labels). */
export const LABEL = {
  managed: 'dev.pyat.managed',
  tier: 'dev.pyat.tier',
  probe: 'dev.pyat.probe',
  configHash: 'dev.pyat.config-hash',
} as const;

/** Which Compose reads the file: `spec` is the Compose Specification (v2); `v1` drops what Compose v1 rejects. */
export type ComposeTarget = 'spec' | 'v1';

/** Options of the model builder. `outDir` is where the file will live (paths are made relative to it). */
export interface ComposeModelOptions {
  outDir: string;
  target?: ComposeTarget;
  /**
   * Who waits for a dependency to be healthy: Compose (`condition: service_healthy`, the generated
   * file, for `docker compose up`), or pyat (the file pyat hands Compose, which only creates the
   * containers: there a health condition would make Compose v1 wait, while it creates, for the
   * engine's healthcheck of a dependency that pyat has already started).
   */
  gate?: 'compose' | 'pyat';
  /** Whether healthchecks carry `start_interval`: Compose v2 refuses it on engines before API 1.44 (Docker 25). Default true; never with `v1`. */
  startInterval?: boolean;
  /**
   * For `v1`, which has no `build.dockerfile_inline`: the file (absolute) where the caller wrote each
   * service's inline Dockerfile. Compose v1 builds from a Dockerfile outside the context.
   */
  inlineDockerfiles?: ReadonlyMap<string, string>;
}

/** Builds the Compose file for the whole registry. */
export function buildComposeModel(registry: Registry, opts: ComposeModelOptions): ComposeFile {
  const outDir = path.resolve(opts.outDir);
  // Every service, profiles or not: the file declares them all, Compose picks by profile.
  const tiers = tierOf(registry, [...registry.services.keys()]);
  const services: Record<string, ComposeService> = {};
  const volumes = new Set<string>();
  for (const [name, svc] of registry.services) {
    services[name] = composeService(registry, svc, tiers.get(name) ?? 0, outDir, {
      target: opts.target ?? 'spec',
      gate: opts.gate ?? 'compose',
      startInterval: opts.startInterval ?? true,
      inlineDockerfiles: opts.inlineDockerfiles ?? new Map(),
    });
    for (const v of svc.volumes) {
      const named = namedVolumeOf(v);
      if (named) volumes.add(named);
    }
  }
  const file: ComposeFile = { services };
  if (volumes.size > 0) file.volumes = Object.fromEntries([...volumes].sort().map((v) => [v, {}]));
  return file;
}

function composeService(
  registry: Registry,
  svc: ServiceDef,
  tier: number,
  outDir: string,
  { target, gate, startInterval, inlineDockerfiles }: Required<Omit<ComposeModelOptions, 'outDir'>>,
): ComposeService {
  const out: Omit<ComposeService, 'labels'> = {};
  if (svc.image) out.image = svc.image;
  if (svc.build) out.build = composeBuild(svc.name, svc.build, registry.baseDir, outDir, target === 'v1' ? inlineDockerfiles : undefined);
  if (svc.command !== undefined) out.command = svc.command;
  if (svc.entrypoint !== undefined) out.entrypoint = svc.entrypoint;
  if (svc.workingDir !== undefined) out.working_dir = svc.workingDir;
  if (svc.user !== undefined) out.user = svc.user;
  if (svc.envFile.length > 0) out.env_file = svc.envFile.map((f) => rebase(f, registry.baseDir, outDir));
  if (svc.restart !== undefined) out.restart = svc.restart;
  const environment = { ...svc.env };
  if (svc.health.type === 'redis' && svc.health.password) environment.REDISCLI_AUTH = svc.health.password;
  if (Object.keys(environment).length > 0) out.environment = environment;
  // Short port syntax: Compose v1 rejects the long syntax's `host_ip`.
  if (svc.ports.length > 0) out.ports = svc.ports.map((p) => `${p.bind}:${p.host}:${p.container}`);
  if (svc.volumes.length > 0) out.volumes = svc.volumes.map((v) => rebaseVolume(v, registry.baseDir, outDir));
  if (svc.dependsOn.length > 0) {
    out.depends_on = Object.fromEntries(
      svc.dependsOn.map((dep) => {
        const target = registry.services.get(dep);
        // A job gates by its exit (Compose's service_completed_successfully); Compose refuses
        // service_healthy on a dependency without a healthcheck (a gRPC probe has none).
        const healthy = target !== undefined && healthcheckFor(target) !== undefined;
        const condition = gate !== 'compose' ? 'service_started' : target?.job ? 'service_completed_successfully' : healthy ? 'service_healthy' : 'service_started';
        return [dep, { condition }] as const;
      }),
    );
  }
  const healthcheck = healthcheckFor(svc);
  if (healthcheck) {
    // Compose v1 (and engines before API 1.44) do not know start_interval.
    if (target === 'v1' || !startInterval) delete healthcheck.start_interval;
    out.healthcheck = healthcheck;
  }
  if (svc.profiles.length > 0) out.profiles = [...svc.profiles];
  if (svc.resources) out.deploy = { resources: { limits: { ...svc.resources } } };
  const labels = { [LABEL.managed]: 'true', [LABEL.tier]: String(tier), [LABEL.probe]: svc.health.type, [LABEL.configHash]: serviceHash(svc) };
  return withEscapeHatch({ ...out, labels }, svc.compose);
}

function composeBuild(
  name: string,
  b: BuildSpec,
  baseDir: string,
  outDir: string,
  inlineFiles: ReadonlyMap<string, string> | undefined,
): NonNullable<ComposeService['build']> {
  const build: NonNullable<ComposeService['build']> = { context: rebase(b.context, baseDir, outDir) };
  if (b.dockerfile) build.dockerfile = b.dockerfile;
  if (b.dockerfileInline !== undefined) {
    if (!inlineFiles) build.dockerfile_inline = b.dockerfileInline;
    else {
      const file = inlineFiles.get(name);
      if (file === undefined)
        throw new UsageError(
          `service "${name}" has build.dockerfile_inline, which Compose v1 does not know`,
          'generate the spec form (the default) for Compose v2, or put the Dockerfile in a file and name it with build.dockerfile',
        );
      build.dockerfile = file;
    }
  }
  if (b.target !== undefined) build.target = b.target;
  if (Object.keys(b.args).length > 0) build.args = { ...b.args };
  return build;
}

/**
 * Merges the registry's `compose:` keys into the service as written. The validators refuse the keys
 * pyat owns; `labels` and `deploy` are merged so that pyat's labels and resource limits stay.
 */
function withEscapeHatch(service: ComposeService, extra: Record<string, unknown> | undefined): ComposeService {
  if (!extra) return service;
  const { labels, deploy, ...rest } = extra;
  const merged: ComposeService = { ...service, ...rest, labels: { ...labelMap(labels), ...service.labels } };
  if (isMap(deploy)) {
    const resources = isMap(deploy.resources) ? { ...deploy.resources, ...service.deploy?.resources } : service.deploy?.resources;
    merged.deploy = { ...deploy, ...(resources ? { resources } : {}) } as ComposeService['deploy'];
  }
  return merged;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Compose labels are a map or a list of "key=value".
function labelMap(labels: unknown): Record<string, string> {
  if (Array.isArray(labels))
    return Object.fromEntries(
      labels.map((l) => {
        const [k = '', v = ''] = String(l).split(/=(.*)/s, 2);
        return [k, v];
      }),
    );
  return isMap(labels) ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])) : {};
}
