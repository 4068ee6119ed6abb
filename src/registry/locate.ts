// Maps a path of the merged registry back to the file and line that set it, through each file's
// Reach (yaml-reach.ts, or the fast reader's scan). With several `-f` files, the value in effect
// comes from the last file that names the whole path, so that file wins; otherwise the deepest
// partial match does.

import type { SourceLocation } from '../errors.js';
import type { Path } from './path.js';
import type { Reach } from './plain-yaml.js';

/**
 * Builds a function from a path to the file and line the user should look at. On a tie the
 * later file wins, as it overrides the earlier one; `first` asks where a key was declared instead.
 */
export function makeLocator(
  sources: readonly { name: string; reach: Reach }[],
): (path: Path, prefer?: 'last' | 'first') => SourceLocation | undefined {
  return (path, prefer = 'last') => {
    let best: { name: string; depth: number; line: number } | undefined;
    for (const source of sources) {
      const r = source.reach(path);
      if (!best || r.depth > best.depth || (r.depth === best.depth && prefer === 'last')) best = { name: source.name, ...r };
    }
    if (!best) return undefined;
    return { file: best.name, line: best.line };
  };
}
