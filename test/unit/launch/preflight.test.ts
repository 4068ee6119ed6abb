import { mkdtempSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preflight, type PreflightDeps } from '../../../src/launch/preflight.js';
import { registryOf, svc } from '../../support/registry.js';

// Adapters that answer from fixed sets: which images exist, which ports are free.
function depsWith(images: string[], pulled: string[] = []): PreflightDeps & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    engine: {
      imageId: async (ref) => (asked.push(ref), images.includes(ref) ? `sha256:${ref}` : undefined),
      containersOnPort: async () => [],
    },
    compose: { pull: async (_p, services) => void pulled.push(...services) },
    project: { name: 'p', file: '/dev/null' },
    isPortFree: async () => true,
  };
}

describe('preflight resolves ${VAR} in images and build contexts as Compose will', () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'pyat-preflight-'));
  mkdirSync(path.join(base, 'svc-v2'));

  it('asks the engine for the image as resolved, not as written', async () => {
    const registry = registryOf([svc('api', { image: '${REGISTRY:-local}/api:${TAG}' })], { baseDir: base });
    const deps = depsWith(['local/api:7']);
    expect(await preflight(registry, ['api'], deps, { build: true, vars: { TAG: '7' } })).toEqual([]);
    expect(deps.asked).toEqual(['local/api:7']);
  });

  it('does not ask the engine again about an image the caller already asked about', async () => {
    const registry = registryOf([svc('api', { image: 'api:${TAG}' }), svc('web', { image: 'web:1' })], { baseDir: base });
    const deps = depsWith(['web:1']);
    const known = new Map([['api:${TAG}', 'sha256:a']]);
    expect(await preflight(registry, ['api', 'web'], deps, { build: true, vars: { TAG: '7' }, imageIds: known })).toEqual([]);
    expect(deps.asked).toEqual(['web:1']);
  });

  it('finds a build context named through a variable, and names the resolved path when it is missing', async () => {
    const ok = registryOf([svc('api', { build: { context: './svc-${VERSION}', args: {} } })], { baseDir: base });
    expect(await preflight(ok, ['api'], depsWith([]), { build: true, vars: { VERSION: 'v2' } })).toEqual([]);
    const missing = await preflight(ok, ['api'], depsWith([]), { build: true, vars: { VERSION: 'v3' } });
    expect(missing).toEqual([
      expect.objectContaining({ service: 'api', exit: 2, message: expect.stringContaining(path.join(base, 'svc-v3')) }),
    ]);
  });
});
