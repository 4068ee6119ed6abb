// Registry → Compose model: a pure function. Values stay as written, so `${VAR}` references
// reach the file and no secret does. Compose resolves them from the environment and `--env-file`.

import path from 'node:path';
import type { Registry, ServiceDef } from '../registry/model.js';
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
  /**
   * Whether healthchecks carry `start_interval`: Compose v2 refuses it on engines before API 1.44 (Docker 25).
   * Default true; never with `v1`.
   */
  startInterval?: boolean;
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
  { target, gate, startInterval }: Required<Omit<ComposeModelOptions, 'outDir'>>,
): ComposeService {
  const out: Omit<ComposeService, 'labels'> = {};
  if (svc.image) out.image = svc.image;
  if (svc.build) {
    out.build = { context: rebase(svc.build.context, registry.baseDir, outDir) };
    if (svc.build.dockerfile) out.build.dockerfile = svc.build.dockerfile;
    if (Object.keys(svc.build.args).length > 0) out.build.args = { ...svc.build.args };
  }
  if (svc.command !== undefined) out.command = svc.command;
  if (svc.restart !== undefined) out.restart = svc.restart;
  const environment = { ...svc.env };
  if (svc.health.type === 'redis' && svc.health.password) environment.REDISCLI_AUTH = svc.health.password;
  if (Object.keys(environment).length > 0) out.environment = environment;
  // Short port syntax: Compose v1 rejects the long syntax's `host_ip`.
  if (svc.port) out.ports = [`${svc.port.bind}:${svc.port.host}:${svc.port.container}`];
  if (svc.volumes.length > 0) out.volumes = svc.volumes.map((v) => rebaseVolume(v, registry.baseDir, outDir));
  if (svc.dependsOn.length > 0) {
    out.depends_on = Object.fromEntries(
      svc.dependsOn.map((dep) => {
        const gated = gate === 'compose' && registry.services.get(dep)?.health.type !== 'none';
        return [dep, { condition: gated ? 'service_healthy' : 'service_started' }] as const;
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
  return { ...out, labels: { [LABEL.managed]: 'true', [LABEL.tier]: String(tier), [LABEL.probe]: svc.health.type, [LABEL.configHash]: serviceHash(svc) } };
}
