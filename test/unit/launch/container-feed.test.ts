import { describe, expect, it } from 'vitest';
import { CreationFeed, earlyService, settledFeed } from '../../../src/launch/container-feed.js';
import type { ContainerInfo, ContainerState } from '../../../src/runtime/types.js';

const HASH = 'dev.pyat.config-hash';
const labels = (service: string, hash: string, extra: Record<string, string> = {}) => ({
  'com.docker.compose.service': service,
  [HASH]: hash,
  ...extra,
});
const hashes = new Map([
  ['db', 'h-db'],
  ['api', 'h-api'],
]);
const container = (id: string, service: string, state: ContainerState = 'created'): ContainerInfo => ({
  id,
  name: id,
  service,
  state,
  exitCode: 0,
  restartCount: 0,
  startedAt: '',
  finishedAt: '',
  image: '',
  imageId: '',
  labels: {},
  ports: [],
});
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('earlyService: which created container may start before Compose is done', () => {
  it('a new container of a selected service, made from its current definition', () => {
    expect(earlyService('c1', labels('db', 'h-db'), hashes, new Set())).toBe('db');
  });

  it('not one made from an older definition, of another service, there before the run, or a one-off', () => {
    expect(earlyService('c1', labels('db', 'old'), hashes, new Set())).toBeUndefined();
    expect(earlyService('c1', labels('cache', 'h-db'), hashes, new Set())).toBeUndefined();
    expect(earlyService('c1', labels('db', 'h-db'), hashes, new Set(['c1']))).toBeUndefined();
    expect(earlyService('c1', labels('db', 'h-db', { 'com.docker.compose.oneoff': 'True' }), hashes, new Set())).toBeUndefined();
    expect(earlyService('c1', { [HASH]: 'h-db' }, hashes, new Set())).toBeUndefined();
  });
});

describe('CreationFeed', () => {
  const inspectAs = (state: ContainerState) => async (id: string) => container(id, id === 'c-db' ? 'db' : 'api', state);

  it('hands out a created container as soon as the engine announces it, before Compose is done', async () => {
    const feed = new CreationFeed(hashes, new Set(), inspectAs('created'));
    let got: ContainerInfo | undefined | 'pending' = 'pending';
    void feed.get('db').then((c) => (got = c));
    await tick();
    expect(got).toBe('pending');
    feed.created('c-db', labels('db', 'h-db'));
    await tick();
    expect(got).toMatchObject({ id: 'c-db', state: 'created' });
  });

  it('keeps every other service waiting until Compose is done, then answers from the project as listed', async () => {
    const feed = new CreationFeed(hashes, new Set(['old-api']), inspectAs('created'));
    const api = feed.get('api');
    feed.created('old-api', labels('api', 'h-api')); // there before the run: Compose may still recreate it
    feed.created('c-x', labels('api', 'stale'));
    let settled = false;
    void api.then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    feed.settle(new Map([['api', container('new-api', 'api')]]));
    expect((await api)?.id).toBe('new-api');
    expect(await feed.get('db')).toBeUndefined(); // Compose made none
  });

  it('does not hand out a container that is no longer just created, nor one gone before it was read', async () => {
    const running = new CreationFeed(hashes, new Set(), inspectAs('running'));
    const db = running.get('db');
    running.created('c-db', labels('db', 'h-db'));
    await tick();
    running.settle(new Map());
    expect(await db).toBeUndefined();

    const gone = new CreationFeed(hashes, new Set(), async () => Promise.reject(new Error('404 no such container')));
    const db2 = gone.get('db');
    gone.created('c-db', labels('db', 'h-db'));
    await tick();
    gone.settle(new Map([['db', container('c-db2', 'db')]]));
    expect((await db2)?.id).toBe('c-db2');
  });

  it('a settled feed answers at once', async () => {
    const feed = settledFeed(new Map([['db', container('c-db', 'db', 'running')]]));
    expect((await feed.get('db'))?.id).toBe('c-db');
    expect(await feed.get('api')).toBeUndefined();
  });
});
