// Part of `npm run build`, after tsc: bundles the CLI into dist/cli/bin.js with esbuild, so that
// starting pyat reads a handful of files instead of resolving and loading hundreds (zod, yaml,
// commander, execa…: Node 20 has no compile cache, and module resolution was most of
// `pyat --version`'s time and much of `validate`'s and `status`'s). Every dynamic `import()` (a
// command, the engine adapter, a probe's driver) stays a separate chunk under dist/cli/chunks/,
// loaded only when used. tsc still type-checks and emits dist/**; only dist/cli/bin.js is replaced.
//
//   node scripts/bundle-cli.mjs [OUTDIR]   (default dist/cli; another dir leaves the one in use alone)

import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const repo = path.resolve(import.meta.dirname, '..');
const src = path.join(repo, 'src');
const outdir = path.resolve(process.argv[2] ?? path.join(repo, 'dist/cli'));

// Bundled CommonJS packages call require() for Node's built-ins; ESM output has no require.
const banner = "import { createRequire as __pyatCreateRequire } from 'node:module'; const require = __pyatCreateRequire(import.meta.url);";

/**
 * `await import('ioredis')` of a CommonJS package: split into a chunk, esbuild exports only its
 * `default` (it cannot know the names statically), so `const { Redis } = await import('ioredis')`
 * would get undefined. Each package that src/ imports dynamically goes through an ESM module that
 * names the exports Node itself gives that import (asked here, at build time).
 */
const namedDynamicImports = {
  name: 'named-dynamic-imports',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !args.importer.startsWith(src)) return undefined;
      return { path: args.path, namespace: 'pyat-dynamic' };
    });
    b.onLoad({ filter: /.*/, namespace: 'pyat-dynamic' }, async (args) => {
      const names = Object.keys(await import(args.path)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
      return { contents: `export { ${names.join(', ')} } from ${JSON.stringify(args.path)};`, resolveDir: repo, loader: 'js' };
    });
  },
};

/**
 * zod's `z` namespace re-exports all ~60 of its message locales: half of its 760 KB, which every
 * command that loads the registry compiled (~10 ms). pyat words its own messages; zod keeps English.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: "export { default as en } from './en.js';",
      loader: 'js',
    }));
  },
};

/**
 * chalk imports `process` from 'node:process'. In Node 20 the ESM face of that module copies every
 * property of `process`, and reading `process.stdin` creates the stdin stream (a TTY or pipe handle):
 * ~5 ms of every command, for an object every module already has as a global. chalk's import is
 * answered with the global itself (execa, which names what it imports, is loaded only to run Compose).
 */
const processGlobal = {
  name: 'process-global',
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, (args) =>
      args.kind === 'import-statement' && /[\\/]node_modules[\\/]chalk[\\/]/.test(args.importer)
        ? { path: 'process', namespace: 'pyat-process-global' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'pyat-process-global' }, () => ({ contents: 'export default globalThis.process;', loader: 'js' }));
  },
};

/**
 * What the build is made of, hashed: the registry cache (src/registry/cache.ts) keeps entries per
 * build, so that a pyat that validates differently never takes an entry another one made.
 */
function buildId() {
  const hash = createHash('sha256');
  const inputs = [
    ...readdirSync(src, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort(),
    path.join(repo, 'package-lock.json'),
    import.meta.filename,
  ];
  for (const file of inputs) hash.update(path.relative(repo, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

const result = await build({
  entryPoints: { bin: path.join(src, 'cli/bin.ts') },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: banner },
  define: { __PYAT_BUILD_ID__: JSON.stringify(buildId()) },
  // Native add-ons stay in node_modules, where their relative paths work.
  external: ['*.node'],
  plugins: [namedDynamicImports, zodEnglishOnly, processGlobal],
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
chmodSync(path.join(outdir, 'bin.js'), 0o755);

// The `pyat` executable (package.json "bin"): CommonJS, so that `pyat --version`, how installs and
// CI steps check pyat, is answered before Node starts its ESM loader (~10 ms of a ~20 ms answer);
// any other command loads the ESM bundle, which reads the same process.argv.
const { version } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
const launcher = path.join(outdir, 'pyat.cjs');
writeFileSync(
  launcher,
  `#!/usr/bin/env node
// Written by scripts/bundle-cli.mjs: the pyat executable. --version here; everything else in bin.js.
'use strict';
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) process.stdout.write(${JSON.stringify(`${version}\n`)});
else import('./bin.js');
`,
);
chmodSync(launcher, 0o755);

// Chunks of earlier builds go only now, after the new ones are written: a pyat that is running
// meanwhile (a test, a long `up`) still finds every chunk it may load lazily.
const chunks = path.join(outdir, 'chunks');
const written = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(f)));
if (existsSync(chunks)) for (const f of readdirSync(chunks)) if (!written.has(path.join(chunks, f))) rmSync(path.join(chunks, f));
