import { describe, expect, it } from 'vitest';
import { githubOutputLines } from '../../../src/smoke/github-output.js';
import type { SmokeReport } from '../../../src/smoke/types.js';

const report: SmokeReport = {
  project: 'shop',
  status: 'failed',
  timestamp: '2026-01-02T03:04:05Z',
  hostname: 'ci',
  launch: {
    status: 'failed',
    elapsedMs: 3000,
    outcomes: [
      { name: 'db', tier: 0, status: 'already-healthy', startedByUs: false },
      { name: 'cache', tier: 0, status: 'healthy', readyAt: 900, startedByUs: true },
      { name: 'api', tier: 1, status: 'failed', startedByUs: true },
      { name: 'web', tier: 2, status: 'blocked', startedByUs: false },
    ],
  },
  checks: [],
  timings: { startMs: 3000, checksMs: 0, totalMs: 3000 },
};

describe('the GitHub step outputs of a smoke run', () => {
  it('count healthy services (already healthy ones too) out of all selected, with the verdict and the JUnit path', () => {
    expect(githubOutputLines(report, '/w/pyat-junit.xml')).toBe('healthy=2\ntotal=4\nstatus=failed\njunit=/w/pyat-junit.xml\n');
  });

  it('leave junit empty when no JUnit file was written', () => {
    expect(githubOutputLines(report, undefined)).toContain('\njunit=\n');
  });
});
