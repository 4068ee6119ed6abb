// The docs target: docs/services.md, a catalog of what the registry says should run, for people.

import path from 'node:path';
import { renderCatalog } from './catalog.js';
import type { Target } from '../types.js';

/** `pyat generate --target docs`. */
export const docsTarget: Target = {
  name: 'docs',
  command: 'pyat generate --target docs',
  layout: 'file',
  defaultOutput: (baseDir) => path.join(baseDir, 'docs', 'services.md'),
  render: (registry, { out }) => [{ path: out, text: renderCatalog(registry, path.dirname(out), docsTarget.command) }],
};
