// Runs every doctor check, side by side where they are independent: Compose detection, the
// port probes and the env check need no engine; images and disk wait for the engine's answer
// and are skipped, with the reason, when it does not come.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { resolveValue } from '../registry/interpolate.js';
import type { Registry, ServiceDef } from '../registry/model.js';
import type { ComposeCli, Engine } from '../runtime/types.js';
import { bindVerdicts } from './bind.js';
import { composeVerdict } from './compose.js';
import { diskVerdict, measureDisk } from './disk.js';
import { engineVerdict, type EngineAnswer } from './engine.js';
import { envVerdicts } from './env.js';
import { imageGroups, imageVerdict } from './images.js';
import { portVerdict } from './ports.js';
import { notPass, type DoctorCheck } from './types.js';

/** The outside world doctor asks, passed in so that tests can stand in for it. */
export interface DoctorDeps {
  /** A connected engine and its address; throws when DOCKER_HOST is unusable. */
  engine(): Promise<{ engine: Engine; where: string }>;
  detectCompose(): Promise<ComposeCli>;
  isPortFree(port: number, host: string): Promise<boolean>;
  freeBytes?: (dir: string) => Promise<number>;
}

/** What doctor looks at: the registry, the services `up` would start, and the resolved variables. */
export interface DoctorInput {
  registry: Registry;
  services: ServiceDef[];
  vars: Readonly<Record<string, string | undefined>>;
}

/** Every check's line, in a fixed order: engine, compose, disk, ports, images, env, bind. */
export async function runDoctor(input: DoctorInput, deps: DoctorDeps): Promise<DoctorCheck[]> {
  const connected = deps
    .engine()
    .then(async ({ engine, where }) => ({ engine, answer: { ...(await engine.ping()), where } as EngineAnswer }));
  const engineP = connected.catch((error: unknown) => ({ engine: undefined, answer: { error } as EngineAnswer }));
  const composeP = deps.detectCompose().then(composeVerdict, (error: unknown) => composeVerdict({ error }));
  const [engineLine, composeLine, disk, ports, images] = await Promise.all([
    engineP.then((e) => engineVerdict(e.answer)),
    composeP,
    engineP.then((e) => diskCheck(e.engine, deps)),
    portChecks(input, deps, engineP),
    engineP.then((e) => imageChecks(input, e.engine)),
  ]);
  return [
    engineLine,
    composeLine,
    disk,
    ...ports,
    ...images,
    ...envVerdicts(input.registry, input.services, input.vars),
    ...bindVerdicts(input.services),
  ];
}

const NO_ENGINE = 'not checked: the Docker engine is not reachable';

async function diskCheck(engine: Engine | undefined, deps: DoctorDeps): Promise<DoctorCheck> {
  if (!engine) return notPass('skip', 'disk', NO_ENGINE);
  const root = await engine.info().then(
    (i) => i.dockerRootDir,
    () => '/var/lib/docker',
  );
  return diskVerdict(await measureDisk(root, deps.freeBytes));
}

async function portChecks(input: DoctorInput, deps: DoctorDeps, engineP: Promise<{ engine: Engine | undefined }>): Promise<DoctorCheck[]> {
  const published = input.services.flatMap((svc) => (svc.port ? [{ svc, port: svc.port }] : []));
  return Promise.all(
    published.map(async ({ svc, port }) => {
      const { host, bind } = port;
      const free = await deps.isPortFree(host, bind === '' ? '0.0.0.0' : bind).catch((err: unknown) => err as Error);
      if (free instanceof Error)
        return notPass(
          'fail',
          `port ${host}`,
          `cannot listen on ${bind}:${host} (${svc.name}): ${free.message}`,
          'bind to an address this host has (127.0.0.1 by default)',
        );
      if (free) return portVerdict(svc, input.registry.name, true, []);
      // Only a taken port needs the engine: to tell this project's own container from a stranger.
      const { engine } = await engineP;
      const holders = engine ? await engine.containersOnPort(host).catch(() => undefined) : undefined;
      return portVerdict(svc, input.registry.name, false, holders);
    }),
  );
}

async function imageChecks(input: DoctorInput, engine: Engine | undefined): Promise<DoctorCheck[]> {
  if (!engine) return [notPass('skip', 'images', NO_ENGINE)];
  // Compose resolves `${VAR}` in images and build contexts: so does doctor, as preflight does.
  const resolve = (raw: string): string => resolveValue(raw, input.vars).value;
  return Promise.all(
    imageGroups(input.services).map(async (g) => {
      const withBuild = g.services.find((s) => s.build);
      const context = withBuild?.build ? resolve(withBuild.build.context) : undefined;
      const exists =
        context !== undefined
          ? await stat(path.resolve(input.registry.baseDir, context)).then(
              (s) => s.isDirectory(),
              () => false,
            )
          : false;
      const image = g.image ? resolve(g.image) : undefined;
      const present = image ? await engine.imageExists(image).catch(() => false) : false;
      return imageVerdict({
        ...(image ? { image } : {}),
        services: g.services.map((s) => s.name),
        present,
        ...(context !== undefined ? { build: { context, exists } } : {}),
      });
    }),
  );
}
