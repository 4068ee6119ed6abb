// The Compose targets: `compose` writes the Compose Specification form (for `docker compose`),
// `compose-v1` the form docker-compose 1.x accepts. Both are the Compose model of src/compose/.

import path from 'node:path';
import { buildComposeModel, type ComposeTarget } from '../compose/model.js';
import { defaultComposePath, renderComposeFile } from '../compose/render.js';
import type { Target } from './types.js';

function composeTarget(name: string, dialect: ComposeTarget): Target {
  return {
    name,
    command: dialect === 'spec' ? 'pyat generate' : `pyat generate --target ${name}`,
    layout: 'file',
    defaultOutput: defaultComposePath,
    render(registry, { out }) {
      const outDir = path.dirname(out);
      return [{ path: out, text: renderComposeFile(buildComposeModel(registry, { outDir, target: dialect }), registry.files, outDir) }];
    },
  };
}

/** The Compose Specification form (Compose v2), the default target. */
export const composeSpec = composeTarget('compose', 'spec');

/** The form Compose v1 accepts (no `start_interval`). */
export const composeV1 = composeTarget('compose-v1', 'v1');
