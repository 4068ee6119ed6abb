// Checks made before anything is created: host ports free (or held by this project's own
// container), images present, buildable or pullable. Every problem is collected, none fixed.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentError, InputError, type Problem } from '../errors.js';
import { resolveValue } from '../registry/interpolate.js';
import type { Registry, ServiceDef } from '../registry/model.js';
import type { Compose, ComposeProject, Engine } from '../runtime/types.js';
import { defined } from '../util/defined.js';
import { portHolding } from './port-holder.js';

/** One preflight problem; `exit` 2 is bad input, 3 an unusable environment. */
export interface PreflightProblem {
  service: string;
  message: string;
  hint?: string;
  exit: 2 | 3;
}

/** The adapters preflight asks. */
export interface PreflightDeps {
  engine: Pick<Engine, 'containersOnPort' | 'imageId'>;
  compose: Pick<Compose, 'pull'>;
  project: ComposeProject;
  isPortFree: (port: number, host?: string) => Promise<boolean>;
}

/** What preflight is asked: whether Compose may build, and the variables `${VAR}` in images and build contexts resolve from. */
export interface PreflightOptions {
  build: boolean;
  vars: Readonly<Record<string, string>>;
  /** What the caller already asked the engine: image ID (or undefined, absent) by the image as written. */
  imageIds?: ReadonlyMap<string, string | undefined>;
}

/**
 * The engine's ID of each image the named services use (undefined: not present), keyed by the
 * image as written and asked as Compose will resolve it (`${TAG:-latest}`).
 */
export async function imageIdsOf(
  registry: Registry,
  names: readonly string[],
  engine: Pick<Engine, 'imageId'>,
  vars: Readonly<Record<string, string>>,
): Promise<Map<string, string | undefined>> {
  const written = [...new Set(names.map((n) => defined(registry.services.get(n), `service ${n}`).image).filter((i): i is string => !!i))];
  const idOf = async (image: string): Promise<string | undefined> => {
    const ref = resolveValue(image, vars).value;
    return ref ? engine.imageId(ref) : undefined;
  };
  return new Map(await Promise.all(written.map(async (i) => [i, await idOf(i)] as const)));
}

/** Runs every check for the named services and returns all problems found. */
export async function preflight(
  registry: Registry,
  names: readonly string[],
  deps: PreflightDeps,
  opts: PreflightOptions,
): Promise<PreflightProblem[]> {
  const services = names.map((n) => defined(registry.services.get(n), `service ${n}`));
  // Only what the caller has not asked the engine yet.
  const known = opts.imageIds ?? new Map<string, string | undefined>();
  const unasked = services.filter((s) => s.image !== undefined && !known.has(s.image)).map((s) => s.name);
  const imageIds = new Map([...known, ...(await imageIdsOf(registry, unasked, deps.engine, opts.vars))]);
  const found = await Promise.all(
    services.map(async (s) => [...(await checkPort(registry, s, deps)), ...(await checkImage(registry, s, deps, opts, imageIds))]),
  );
  return found.flat();
}

async function checkPort(registry: Registry, svc: ServiceDef, deps: PreflightDeps): Promise<PreflightProblem[]> {
  if (!svc.port) return [];
  const { host, bind } = svc.port;
  if (await deps.isPortFree(host, bind)) return [];
  const holding = portHolding(host, registry.name, await deps.engine.containersOnPort(host));
  if ('ours' in holding) return [];
  return [{ service: svc.name, message: `host port ${host} (${svc.name}) is taken by ${holding.who}`, hint: holding.fix, exit: 3 }];
}

async function checkImage(
  registry: Registry,
  svc: ServiceDef,
  deps: PreflightDeps,
  opts: PreflightOptions,
  imageIds: ReadonlyMap<string, string | undefined>,
): Promise<PreflightProblem[]> {
  // Compose resolves `${VAR}` in both (`image: ${REGISTRY:-ghcr.io/team}/api`): so must the checks.
  const resolve = (raw: string): string => resolveValue(raw, opts.vars).value;
  if (svc.build) {
    const context = path.resolve(registry.baseDir, resolve(svc.build.context));
    const isDir = await stat(context).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir)
      return [
        {
          service: svc.name,
          message: `build context ${svc.build.context} of ${svc.name} does not exist (${context})`,
          hint: 'fix `build` in the registry',
          exit: 2,
        },
      ];
    if (opts.build) return [];
  }
  if (!svc.image) {
    return opts.build
      ? []
      : [{ service: svc.name, message: `${svc.name} has no image and --no-build was given`, hint: 'drop --no-build', exit: 2 }];
  }
  if (imageIds.get(svc.image) !== undefined) return [];
  const image = resolve(svc.image);
  if (svc.build && !opts.build) {
    return [
      {
        service: svc.name,
        message: `image ${image} of ${svc.name} is not built and --no-build was given`,
        hint: 'run without --no-build',
        exit: 3,
      },
    ];
  }
  try {
    await deps.compose.pull(deps.project, [svc.name]);
    return [];
  } catch (err) {
    return [
      {
        service: svc.name,
        message: `image ${image} of ${svc.name} is not present and cannot be pulled: ${(err as Error).message.split('\n')[0]}`,
        hint: 'build it, or point the registry at an image that exists (an override file with -f)',
        exit: 3,
      },
    ];
  }
}

/** Throws the error that the problems amount to: bad input (exit 2) before an environment error (3). */
export function throwPreflight(problems: readonly PreflightProblem[], registry: Registry): void {
  if (problems.length === 0) return;
  const input = problems.filter((p) => p.exit === 2);
  if (input.length > 0) {
    throw new InputError(
      input.map((p): Problem => ({
        message: p.message,
        ...(p.hint ? { hint: p.hint } : {}),
        location: registry.services.get(p.service)?.location ?? { file: defined(registry.files[0], 'the registry file'), line: 1 },
        severity: 'error',
      })),
      'preflight failed',
    );
  }
  const lines = problems.map((p) => `${p.message}${p.hint ? ` — ${p.hint}` : ''}`);
  throw new EnvironmentError('E_PREFLIGHT', `preflight failed, nothing was started:\n  ${lines.join('\n  ')}`);
}
