// Part of `npm run build`, after tsc: bundles the CLI into dist/cli/bin.js with esbuild, so that
// starting pyat reads a handful of files instead of resolving and loading hundreds (zod, yaml,
// commander, execa, dockerode…: Node 20 has no compile cache, and module resolution was most of
// `pyat --version`'s and `pyat status`'s time). Each dynamic `import()` (a command, the Docker
// adapter, a probe driver) stays a separate chunk under dist/cli/chunks/, loaded only when used.
// tsc still type-checks and emits dist/**; only dist/cli/bin.js is replaced.

import { chmodSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const repo = path.resolve(import.meta.dirname, '..');
// An argument puts the bundle elsewhere (to try a build without replacing the one in use).
const outdir = path.resolve(process.argv[2] ?? path.join(repo, 'dist/cli'));

// Bundled CommonJS packages call require() for Node's built-ins; ESM output has no require.
const banner = "import { createRequire as __pyatCreateRequire } from 'node:module'; const require = __pyatCreateRequire(import.meta.url);";

rmSync(path.join(outdir, 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: { bin: path.join(repo, 'src/cli/bin.ts') },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: banner },
  // Native add-ons and their optional loaders stay in node_modules, where their relative paths work:
  // ssh2 (dockerode's ssh:// transport) loads its compiled crypto binding and cpu-features itself.
  external: ['ssh2', 'cpu-features', '*.node', ...(process.env.PYAT_BUNDLE_EXTERNAL ?? '').split(',').filter(Boolean)],
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(path.join(outdir, 'bin.js'), 0o755);
