// Validators of the `compose:` escape hatch: it may not set what pyat writes from its own keys
// (pyat would silently lose or fight it), and what it sets must be a Compose service key, as the
// Compose Specification's schema says (checked by compose-spec/check.ts, loaded only when needed).

import type { Problem } from '../../errors.js';
import { formatPath, isRecord } from '../path.js';
import { errorAt, type Validator } from './types.js';

/** The Compose keys pyat writes, and the registry key that says each. */
export const OWNED_KEYS: Readonly<Record<string, string>> = {
  image: 'image',
  build: 'build',
  ports: 'port',
  depends_on: 'depends_on',
  healthcheck: 'health',
  environment: 'env',
  env_file: 'env_file',
  command: 'command',
  entrypoint: 'entrypoint',
  working_dir: 'working_dir',
  user: 'user',
  volumes: 'volumes',
  profiles: 'profiles',
  restart: 'restart',
  mem_limit: 'resources.memory',
  cpus: 'resources.cpus',
};

/** `compose:` keys that pyat writes itself: refused, with the registry key to use. */
export const composeOwnedKeys: Validator = {
  name: 'compose-owned-keys',
  check: (ctx) =>
    [...ctx.registry.services.values()].flatMap((s): Problem[] => {
      const extra = s.compose ?? {};
      const owned = Object.keys(extra)
        .filter((k) => Object.hasOwn(OWNED_KEYS, k))
        .map((k) =>
          errorAt(
            ctx,
            ['services', s.name, 'compose', k],
            `services.${s.name}.compose.${k}: pyat writes ${k} itself`,
            `use the registry key ${OWNED_KEYS[k]}: instead`,
          ),
        );
      const deploy = extra.deploy;
      if (isRecord(deploy) && isRecord(deploy.resources) && deploy.resources.limits !== undefined)
        owned.push(
          errorAt(
            ctx,
            ['services', s.name, 'compose', 'deploy', 'resources', 'limits'],
            `services.${s.name}.compose.deploy.resources.limits: pyat writes the limits itself`,
            'use the registry key resources: { memory, cpus } instead',
          ),
        );
      return owned;
    }),
};

/** `compose:` values that the Compose Specification's service schema refuses. */
export const composeSchema: Validator = {
  name: 'compose-schema',
  check: (ctx) =>
    [...ctx.registry.services.values()].flatMap((s) => {
      if (!s.compose || !ctx.composeCheck) return [];
      const extra = s.compose;
      return ctx
        .composeCheck(extra)
        .filter((i) => !Object.hasOwn(OWNED_KEYS, String(i.path[0]))) // refused above, with the key to use
        .map((i) => {
          const path = ['services', s.name, 'compose', ...i.path];
          return errorAt(ctx, path, `${formatPath(path)}: ${i.message}`, i.hint);
        });
    }),
};
