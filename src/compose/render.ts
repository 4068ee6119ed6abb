// The Compose model as file text: a header saying where it came from, then YAML built from the
// object (never from string templates), so the same registry gives byte-identical output.

import path from 'node:path';
import { generatedBy } from '../targets/header.js';
import { yamlText } from '../util/yaml-text.js';
import type { ComposeFile } from './types.js';

/** Renders the file. `sources` are the registry files, shown relative to `outDir`'s parent. */
export function renderComposeFile(model: ComposeFile, sources: readonly string[], outDir: string): string {
  const header = [
    `# ${generatedBy(sources, path.dirname(path.resolve(outDir)), 'pyat generate')}`,
    '# Secrets are ${VAR} references resolved by Compose from the environment and .env; none is written here.',
  ].join('\n');
  return `${header}\n${yamlText(model)}`;
}

/** The default output path: compose/docker-compose.yml beside the first registry file. */
export function defaultComposePath(baseDir: string): string {
  return path.join(baseDir, 'compose', 'docker-compose.yml');
}
