import { describe, expect, it } from 'vitest';
import { servicesToCreate } from '../../../src/launch/converged.js';
import { serviceHash } from '../../../src/compose/service-hash.js';
import type { ContainerInfo } from '../../../src/runtime/types.js';
import { registryOf, svc } from '../../support/registry.js';

const db = svc('db', { image: 'pg:1' });
const api = svc('api', { image: 'api:1', deps: ['db'] });
const registry = registryOf([db, api]);
const container = (service: string, hash: string, imageId: string): ContainerInfo => ({
  id: service,
  name: service,
  service,
  state: 'running',
  exitCode: 0,
  restartCount: 0,
  startedAt: '',
  finishedAt: '',
  image: '',
  imageId,
  labels: { 'dev.pyat.config-hash': hash },
  ports: [],
});
const images = new Map([
  ['pg:1', 'sha256:a'],
  ['api:1', 'sha256:b'],
]);

describe('servicesToCreate', () => {
  it('is empty when every container matches its definition and image', () => {
    const cs = new Map([
      ['db', container('db', serviceHash(db), 'sha256:a')],
      ['api', container('api', serviceHash(api), 'sha256:b')],
    ]);
    expect(servicesToCreate(registry, ['db', 'api'], cs, images)).toEqual([]);
  });

  it('names a missing container, a changed definition and a rebuilt image', () => {
    const cs = new Map([['db', container('db', 'old', 'sha256:a')]]);
    expect(servicesToCreate(registry, ['db', 'api'], cs, images)).toEqual(['db', 'api']);
    const rebuilt = new Map([
      ['db', container('db', serviceHash(db), 'sha256:OLD')],
      ['api', container('api', serviceHash(api), 'sha256:b')],
    ]);
    expect(servicesToCreate(registry, ['db', 'api'], rebuilt, images)).toEqual(['db']);
  });
});
