// The files Compose itself reads when no -f is given (compose-go `cli/options.go`): the first of
// its default names in the working directory or the nearest parent, and the first override file
// beside it.

import { existsSync } from 'node:fs';
import path from 'node:path';

const DEFAULT_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** The default Compose files for `cwd` (absolute paths), or [] when there are none. */
export function defaultComposeFiles(cwd: string, exists: (p: string) => boolean = existsSync): string[] {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const main = DEFAULT_NAMES.map((n) => path.join(dir, n)).find(exists);
    if (main) {
      const override = OVERRIDE_NAMES.map((n) => path.join(dir, n)).find(exists);
      return override ? [main, override] : [main];
    }
    if (path.dirname(dir) === dir) return [];
  }
}
