import { chmod, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedVersion } from '../../../src/runtime/compose-version-cache.js';

describe('cachedVersion (Compose v1 is asked once per executable)', () => {
  let dir: string;
  let bin: string;
  let cache: string;
  let asked: number;
  const ask = (answer: string | undefined) => async () => {
    asked += 1;
    return answer;
  };
  const env = () => ({ PATH: `${path.join(dir, 'missing')}${path.delimiter}${bin}` });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pyattest-compose-cache-'));
    bin = path.join(dir, 'bin');
    cache = path.join(dir, 'cache', 'versions.json');
    asked = 0;
    await mkdir(bin);
    await writeFile(path.join(bin, 'docker-compose'), '#!/bin/sh\necho 1.29.2\n');
    await chmod(path.join(bin, 'docker-compose'), 0o755);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('the second question about the same executable is answered without asking it', async () => {
    expect(await cachedVersion('docker-compose', env(), ask('1.29.2'), cache)).toBe('1.29.2');
    expect(await cachedVersion('docker-compose', env(), ask('9.9.9'), cache)).toBe('1.29.2');
    expect(asked).toBe(1);
  });

  it('an executable that changed (an upgrade) is asked again', async () => {
    await cachedVersion('docker-compose', env(), ask('1.29.2'), cache);
    await utimes(path.join(bin, 'docker-compose'), new Date(), new Date(Date.now() + 60_000));
    expect(await cachedVersion('docker-compose', env(), ask('1.29.3'), cache)).toBe('1.29.3');
    expect(asked).toBe(2);
  });

  it('no answer is remembered: a Compose that failed is asked again next time', async () => {
    expect(await cachedVersion('docker-compose', env(), ask(undefined), cache)).toBeUndefined();
    expect(await cachedVersion('docker-compose', env(), ask('1.29.2'), cache)).toBe('1.29.2');
    expect(asked).toBe(2);
  });

  it('with no such executable on PATH, the question is passed through every time', async () => {
    const none = { PATH: path.join(dir, 'missing') };
    expect(await cachedVersion('docker-compose', none, ask(undefined), cache)).toBeUndefined();
    expect(await cachedVersion('docker-compose', none, ask(undefined), cache)).toBeUndefined();
    expect(asked).toBe(2);
  });

  it('an unreadable cache file only costs a question', async () => {
    await mkdir(path.dirname(cache), { recursive: true });
    await writeFile(cache, '{ not json');
    expect(await cachedVersion('docker-compose', env(), ask('1.29.2'), cache)).toBe('1.29.2');
    expect(await cachedVersion('docker-compose', env(), ask('x'), cache)).toBe('1.29.2');
    expect(asked).toBe(1);
  });
});
