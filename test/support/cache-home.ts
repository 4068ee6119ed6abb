// Global setup of the Docker-backed tests: pyat's caches (validated registries, boot times) go to a
// temp dir of this run, so a test run neither reads nor changes the user's ~/.cache/pyat.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pyat-test-cache-'));
  process.env.XDG_CACHE_HOME = dir;
  return () => rm(dir, { recursive: true, force: true });
}
