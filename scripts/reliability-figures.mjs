#!/usr/bin/env node
// Rewrites the README's reliability figures (between <!-- reliability --> and <!-- /reliability -->)
// from what the tests counted into test/.tmp/reliability-counts.json (git-ignored; written by
// test/unit/reliability/counts.ts). Only this explicit step writes the README: a test run changes
// nothing that git tracks. `npm test` runs `--reset` first, so that every count comes from that run.
//   npm run reliability            (after npm test: writes the figures)
//   node scripts/reliability-figures.mjs --reset

import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const COUNTS = `${root}test/.tmp/reliability-counts.json`;
const README = `${root}README.md`;
const OPEN = '<!-- reliability -->';
const CLOSE = '<!-- /reliability -->';

// Each figure: the key the tests write, and what it counts.
const ROWS = [
  ['badInputs', 'broken registries refused (exit 2, one line each, nothing started)'],
  ['cliMistakes', 'command-line mistakes refused (exit 2, one line each)'],
  ['propertyRuns', 'random registries planned by the property tests'],
  ['hostile', 'hostile service names, project names, images and build paths tried, with and without an engine (none ran)'],
  [
    'faultsInjected',
    'faults injected into a real engine (engine gone, kill, restart loop, hung probe, port taken late, no Compose, down during up, failed up)',
  ],
  ['secretChecks', 'outputs searched for a marker secret (every command and format, generated files, reports, logs, errors)'],
  ['leaksFound', 'secrets found in an output'],
  ['volumesLost', 'volumes (Postgres rows) lost across a failed up, down and up'],
];

if (process.argv.includes('--reset')) {
  rmSync(COUNTS, { force: true });
  process.exit(0);
}

let counts;
try {
  counts = JSON.parse(readFileSync(COUNTS, 'utf8'));
} catch {
  console.error(`reliability-figures: no ${COUNTS}; run the tests first (npm test)`);
  process.exit(1);
}
// The unit test tries them without an engine, the Docker test with one: one figure.
if (typeof counts.hostileInputs === 'number') counts.hostile = counts.hostileInputs + (counts.hostileEngineRuns ?? 0);
const date = statSync(COUNTS).mtime.toISOString().slice(0, 10);
const lines = [
  `Figures of a full test run (${date}), written by \`npm run reliability\` from what the tests counted:`,
  '',
  '| what | count |',
  '| --- | ---: |',
  ...ROWS.map(([key, what]) => `| ${what} | ${typeof counts[key] === 'number' ? counts[key] : 'not run'} |`),
  '',
  verdict(counts),
];

const readme = readFileSync(README, 'utf8');
const start = readme.indexOf(OPEN);
const end = readme.indexOf(CLOSE);
if (start < 0 || end < start) {
  console.error(`reliability-figures: README.md has no ${OPEN} … ${CLOSE} section`);
  process.exit(1);
}
const next = `${readme.slice(0, start + OPEN.length)}\n${lines.join('\n')}\n${readme.slice(end)}`;
if (next !== readme) writeFileSync(README, next);
console.log(`reliability-figures: README.md ${next === readme ? 'already up to date' : 'updated'} (${date})`);

// Said only from counts that were taken: a Docker-less run cannot claim that nothing leaked.
function verdict(c) {
  if (typeof c.leaksFound !== 'number' || typeof c.volumesLost !== 'number')
    return 'The Docker-backed tests did not run: nothing is claimed about leaks or lost data.';
  if (c.leaksFound === 0 && c.volumesLost === 0) return 'Nothing was leaked and no data was lost.';
  return `**${c.leaksFound} leaks and ${c.volumesLost} lost volumes were found: see the failing tests.**`;
}
