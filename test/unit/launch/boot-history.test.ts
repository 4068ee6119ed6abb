import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BootHistory, bootHistoryFor, learnedTimes, withRun, type BootSamples } from '../../../src/launch/boot-history.js';
import type { ServiceOutcome } from '../../../src/launch/types.js';

const healthy = (name: string, requestedAt: number, startedAt: number, readyAt: number): ServiceOutcome => ({
  name,
  tier: 0,
  status: 'healthy',
  startedByUs: true,
  requestedAt,
  startedAt,
  readyAt,
});

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pyat-boot-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('boot history', () => {
  it('keeps each started, healthy service’s start and ready time from its start request, the last five', () => {
    let h = new Map<string, BootSamples>();
    for (let i = 0; i < 7; i += 1) h = withRun(h, [healthy('db', 100, 100 + 600 + i, 100 + 3000 + i)]);
    h = withRun(h, [
      { name: 'left', tier: 0, status: 'already-healthy', startedByUs: false, readyAt: 5 },
      { name: 'broken', tier: 0, status: 'failed', startedByUs: true, requestedAt: 0, startedAt: 600 },
    ]);
    expect([...h.keys()]).toEqual(['db']);
    expect(h.get('db')).toEqual({ start: [602, 603, 604, 605, 606], ready: [3002, 3003, 3004, 3005, 3006] });
  });

  it('learns the median of the samples', () => {
    const learned = learnedTimes(new Map([['db', { start: [900, 600, 700], ready: [3000, 9000, 3100, 2900] }]]));
    expect(learned.get('db')).toEqual({ start: 700, ready: 3050 });
    expect(learnedTimes(new Map([['none', { start: [], ready: [] }]])).size).toBe(0);
  });

  it('is written and read back, and a file that is not its own reads as no history', async () => {
    const file = path.join(tempDir(), 'a', 'b.json');
    const history = new BootHistory(file);
    expect((await history.load()).size).toBe(0);
    const samples = new Map([['db', { start: [600], ready: [3000] }]]);
    await history.save(samples);
    expect(await history.load()).toEqual(samples);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, '{"format":1,"services":{"db":{"start":["x"],"ready":[1]},"ok":{"start":[1],"ready":[2]}}}');
    expect([...(await history.load()).keys()]).toEqual(['ok']);
    writeFileSync(file, 'not json');
    expect((await history.load()).size).toBe(0);
  });

  it('lives under $XDG_CACHE_HOME/pyat/boot-times, one file per project and directory, and is off with PYAT_NO_CACHE', () => {
    const a = bootHistoryFor({ XDG_CACHE_HOME: '/c' }, { name: 'shop', baseDir: '/w/one' });
    const b = bootHistoryFor({ XDG_CACHE_HOME: '/c' }, { name: 'shop', baseDir: '/w/two' });
    expect(path.dirname(a?.file ?? '')).toBe('/c/pyat/boot-times');
    expect(a?.file).not.toBe(b?.file);
    expect(bootHistoryFor({ XDG_CACHE_HOME: '/c', PYAT_NO_CACHE: '1' }, { name: 'shop', baseDir: '/w' })).toBeUndefined();
  });

  it('keeps the 64 projects written last', async () => {
    const dir = tempDir();
    for (let i = 0; i < 70; i += 1) await new BootHistory(path.join(dir, `p${String(i).padStart(2, '0')}.json`)).save(new Map());
    expect(readdirSync(dir).length).toBe(64);
  });
});
