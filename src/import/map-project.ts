// The merged Compose project → the registry (as a plain object, for yaml.stringify), the report
// entries, and the secrets found. Pure: no file is read or written here.

import path from 'node:path';
import type { Problem } from '../errors.js';
import { DEFAULTS } from '../registry/defaults.js';
import { dependsOnMap, keyValueEntries } from './compose-values.js';
import { mapService } from './map-service.js';
import type { MergedCompose } from './merge.js';
import type { ImportAction, ReportEntry } from './report.js';
import { isSecretName, rewriteEnvValue, SecretVault, type FoundSecret } from './secrets.js';
import { pathKey } from './source.js';
import { referencedVariables } from './variables.js';

/** What the mapping makes of a project. */
export interface Mapped {
  registry: Record<string, unknown>;
  entries: ReportEntry[];
  /** Secret values by variable name (only --env-out writes them). */
  secrets: ReadonlyMap<string, string>;
}

/** Options of the mapping. */
export interface MapOptions {
  /** The folder the registry will be written to (build contexts and bind mounts are made relative to it). */
  outDir: string;
  /** The project name (--name); default: Compose's `name:`, else the project directory's name. */
  name?: string;
}

const SERVICE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const TOP_LEVEL_DROPPED: Readonly<Record<string, string>> = {
  version: 'obsolete: Compose ignores it',
  networks: "every service joins the project's default network in the generated file",
  secrets: 'Compose secrets are not carried over: pass the value through env as ${VAR}',
  configs: 'Compose configs are not carried over: mount the file through volumes',
  include: 'not followed: pass the included files with -f',
};

/** Maps the project; `problems` when it cannot be imported at all (exit 2, nothing written). */
export function mapProject(merged: MergedCompose, opts: MapOptions): Mapped | { problems: Problem[] } {
  const data = merged.data;
  const services = isMap(data.services) ? data.services : {};
  // The key itself: where its value was last written; else the nearest enclosing key where it was first declared.
  const origin = (segments: string[]) => {
    const exact = merged.origins.get(pathKey(...segments));
    if (exact) return exact;
    for (let n = segments.length - 1; n > 0; n--) {
      const o = merged.firstOrigins.get(pathKey(...segments.slice(0, n)));
      if (o) return o;
    }
    return { file: [...merged.origins.values()][0]?.file ?? 'compose.yaml', line: 1 };
  };
  const problems: Problem[] = [];
  if (Object.keys(services).length === 0)
    problems.push({
      message: 'no services to import',
      hint: 'pass the Compose files that define them with -f',
      severity: 'error',
      location: origin([]),
    });
  for (const [name, svc] of Object.entries(services)) {
    if (isMap(svc) && (svc.image !== undefined || svc.build !== undefined)) continue;
    problems.push({
      message: `service ${name} has neither image nor build after merging`,
      hint: 'pass the base file first (-f compose.yaml -f override.yaml): an override alone does not define a service',
      location: origin(['services', name]),
      severity: 'error',
    });
  }
  if (problems.length > 0) return { problems };

  const entries: ReportEntry[] = [];
  const note = (segments: string[], service: string | undefined, action: ImportAction, why: string) => {
    const o = origin(segments);
    entries.push({
      file: o.file,
      line: o.line,
      ...(service !== undefined ? { service } : {}),
      key: keyText(segments, service),
      action,
      why,
    });
  };

  // Registry names: Compose also allows _ and . and capitals, the registry (like Compose's DNS) does not.
  const names = new Map<string, string>();
  for (const name of Object.keys(services)) {
    const fixed = SERVICE_NAME.test(name)
      ? name
      : name
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, '-')
          .replace(/^-+/, '') || 'service';
    names.set(name, fixed);
    if (fixed !== name)
      note(['services', name], name, 'rewritten', `named ${fixed}: registry names are lowercase letters, digits and dashes`);
  }
  const dependedUpon = new Set<string>();
  const jobs = new Set<string>();
  for (const svc of Object.values(services) as Record<string, unknown>[]) {
    for (const [dep, entry] of Object.entries(dependsOnMap(svc.depends_on))) {
      dependedUpon.add(dep);
      if (entry.condition === 'service_completed_successfully') jobs.add(dep);
    }
  }

  // First the secret-named env keys of every service, so that a URL or a command holding the same
  // value later reuses that variable instead of inventing another name.
  const vault = new SecretVault(new Set(Object.keys(services).flatMap((n) => referencedVariables(services[n]))));
  const firstPass = new Map<string, Map<string, { value: string; found: FoundSecret[] }>>();
  for (const [name, svc] of Object.entries(services) as [string, Record<string, unknown>][]) {
    const env = new Map<string, { value: string; found: FoundSecret[] }>();
    for (const [k, v] of keyValueEntries(svc.environment))
      if (v !== null && isSecretName(k)) env.set(k, rewriteEnvValue(names.get(name) ?? name, k, v, vault));
    firstPass.set(name, env);
  }

  const outServices: Record<string, unknown> = {};
  for (const [name, svc] of Object.entries(services) as [string, Record<string, unknown>][]) {
    const registryName = names.get(name) ?? name;
    outServices[registryName] = mapService(svc, {
      name: registryName,
      names,
      dir: merged.dir,
      outDir: opts.outDir,
      dependedUpon: dependedUpon.has(name),
      job: jobs.has(name),
      vault,
      env: firstPass.get(name) ?? new Map<string, { value: string; found: FoundSecret[] }>(),
      note: (key, action, why) => {
        note(['services', name, ...key], registryName, action, why);
      },
    });
  }

  for (const key of Object.keys(data)) {
    if (key === 'services' || key === 'name') continue;
    if (key === 'volumes' && isMap(data.volumes)) {
      for (const [volume, spec] of Object.entries(data.volumes)) {
        const plain = spec === null || (isMap(spec) && Object.keys(spec).length === 0);
        if (plain) note(['volumes', volume], undefined, 'mapped', 'named volume: pyat generate declares it from the services that use it');
        else
          note(
            ['volumes', volume],
            undefined,
            'dropped',
            `its options (${Object.keys(spec as object).join(', ')}) are not kept: a plain named volume`,
          );
      }
      continue;
    }
    const why = key.startsWith('x-')
      ? 'extension field: expanded where anchors used it, not kept'
      : (TOP_LEVEL_DROPPED[key] ?? 'not a Compose key pyat knows');
    note([key], undefined, 'dropped', why);
  }

  const projectName = projectNameOf(opts.name, data.name, merged.dir);
  if (typeof data.name === 'string') note(['name'], undefined, 'mapped', `project name ${projectName}`);
  const registry: Record<string, unknown> = { name: projectName };
  const range = portRange(outServices);
  if (range) {
    registry.port_range = range;
    // Said where the first application port outside the default range is published.
    const [lo, hi] = DEFAULTS.portRange;
    const [source = '', service = ''] =
      [...names].find(([, r]) => {
        const svc = outServices[r] as Record<string, unknown>;
        return !svc.infra && hostPorts(svc).some((p) => p < lo || p > hi);
      }) ?? [];
    const o = origin(['services', source, 'ports']);
    entries.push({
      file: o.file,
      line: o.line,
      key: 'port_range',
      action: 'added',
      why: `[${range.join(', ')}]: the imported application ports (${service}'s here) are not all within ${lo}–${hi}`,
    });
  }
  registry.services = outServices;
  const sourceName = (service: string) => [...names].find(([, r]) => r === service)?.[0] ?? service;
  clashes(outServices, (service, port) => {
    note(
      ['services', sourceName(service), 'ports'],
      service,
      'conflict',
      `host port ${port} is published by another service too: give one of them another port`,
    );
  });
  return { registry, entries, secrets: vault.values };
}

function keyText(segments: string[], service: string | undefined): string {
  const rest = service !== undefined ? segments.slice(2) : segments;
  return rest.length > 0 ? rest.join('.') : (segments[segments.length - 1] ?? '');
}

function projectNameOf(given: string | undefined, fromFile: unknown, dir: string): string {
  const raw = given ?? (typeof fromFile === 'string' ? fromFile : path.basename(dir));
  return (
    raw
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '')
      .replace(/^[_-]+/, '') || 'imported'
  );
}

function hostPorts(svc: Record<string, unknown>): number[] {
  const list = svc.ports !== undefined ? (svc.ports as unknown[]) : svc.port !== undefined ? [svc.port] : [];
  return list.map((p) => (typeof p === 'number' ? p : (p as { host: number }).host));
}

/** The range that covers the application (non-infra) host ports, when the default does not. */
function portRange(services: Record<string, unknown>): [number, number] | undefined {
  const ports = Object.values(services)
    .filter((s) => !(s as { infra?: boolean }).infra)
    .flatMap((s) => hostPorts(s as Record<string, unknown>));
  if (ports.length === 0) return undefined;
  const [lo, hi] = DEFAULTS.portRange;
  if (ports.every((p) => p >= lo && p <= hi)) return undefined;
  return [Math.min(...ports), Math.max(...ports)];
}

/** Calls `report` for every service that publishes a host port another service published before it. */
function clashes(services: Record<string, unknown>, report: (service: string, port: number) => void): void {
  const seen = new Map<number, string>();
  for (const [name, svc] of Object.entries(services)) {
    for (const port of hostPorts(svc as Record<string, unknown>)) {
      const first = seen.get(port);
      if (first !== undefined && first !== name) report(name, port);
      else seen.set(port, name);
    }
  }
}
