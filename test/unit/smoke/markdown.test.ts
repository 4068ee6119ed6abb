import { describe, expect, it } from 'vitest';
import type { LaunchResult } from '../../../src/launch/types.js';
import { markdownCell as cell } from '../../../src/report/markdown-cell.js';
import { buildMarkdown, logBlock } from '../../../src/smoke/markdown.js';
import type { SmokeReport } from '../../../src/smoke/types.js';

const launch: LaunchResult = {
  status: 'failed',
  elapsedMs: 3000,
  outcomes: [
    { name: 'db', tier: 0, status: 'healthy', readyAt: 1250, startedByUs: true },
    {
      name: 'api',
      tier: 1,
      status: 'failed',
      startedByUs: true,
      failure: {
        service: 'api',
        reason: 'exited',
        message: 'the container exited with code 3',
        errors: [],
        exitCode: 3,
        logs: ['boom ``` fence', 'a|b'],
        blocked: ['web'],
      },
    },
    { name: 'web', tier: 2, status: 'blocked', startedByUs: false },
  ],
};
const report: SmokeReport = {
  project: 'shop',
  status: 'failed',
  timestamp: '2026-01-02T03:04:05Z',
  hostname: 'ci',
  launch,
  checks: [
    {
      service: 'db',
      name: 'q|uery',
      method: 'GET',
      url: 'http://127.0.0.1:1/q',
      status: 'failed',
      kind: 'status',
      durationMs: 40,
      message: 'expected HTTP 200, got 500: <b>oops</b>',
      logs: ['db log'],
    },
  ],
  timings: { startMs: 3100, checksMs: 40, totalMs: 3140 },
};

describe('the Markdown summary', () => {
  const md = buildMarkdown(report);

  it('heads with the project and the verdict', () => {
    expect(md.split('\n')[0]).toBe('## pyat smoke: shop — ❌ failed');
  });

  it('has the status table: service, tier, status, time to healthy', () => {
    expect(md).toContain('| Service | Tier | Status | Time to healthy |');
    expect(md).toContain('| db | 0 | healthy | 1.25s |');
    expect(md).toContain('| api | 1 | failed | - |');
    expect(md).toContain('| web | 2 | blocked | - |');
  });

  it('has the checks table, with a pipe in a name escaped so the table keeps its columns', () => {
    expect(md).toContain('| db | q\\|uery | GET http://127.0.0.1:1/q | failed | 0.04s |');
  });

  it('has the timings', () => {
    expect(md).toContain('**Timings:** start-up 3.10s · checks 0.04s · total 3.14s');
  });

  it('lists every failure with its message, exit code and logs, HTML shown as text', () => {
    expect(md).toContain('#### api (exited)');
    expect(md).toContain('exit code: 3');
    expect(md).toContain('not started: web');
    expect(md).toContain('#### db › q\\|uery (status)');
    expect(md).toContain('expected HTTP 200, got 500: &lt;b&gt;oops&lt;/b&gt;');
    expect(md).toContain('db log');
  });

  it('fences logs with more backticks than any run inside them', () => {
    expect(logBlock(['x ``` y', '````'])).toEqual(['', '`````text', 'x ``` y\n````', '`````']);
    expect(logBlock([])).toEqual([]);
  });

  it('says so when no service declares a check, and shows no failure section for a passing run', () => {
    const ok = buildMarkdown({
      ...report,
      status: 'passed',
      checks: [],
      launch: { status: 'healthy', elapsedMs: 1, outcomes: [launch.outcomes[0]!] },
    });
    expect(ok).toContain('✅ passed');
    expect(ok).toContain('No smoke checks declared');
    expect(ok).not.toContain('### Failures');
  });

  it('keeps a cell on one line', () => {
    expect(cell('a\nb |c')).toBe('a b \\|c');
    expect(cell('&amp; <b>')).toBe('&amp;amp; &lt;b&gt;');
  });
});
