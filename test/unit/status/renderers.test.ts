import { describe, expect, it } from 'vitest';
import { changeLines } from '../../../src/cli/status-watch.js';
import { renderStatusJson, statusJson } from '../../../src/report/status-json.js';
import { renderStatusMarkdown, renderStatusUnavailableMarkdown } from '../../../src/report/status-markdown.js';
import { renderStatusTable, renderStatusUnavailable, uptime } from '../../../src/report/status-table.js';
import { styler } from '../../../src/report/style.js';
import type { ServiceStatus, StatusReport, StatusUnavailable } from '../../../src/status/types.js';

const base: ServiceStatus = {
  name: 'postgres',
  tier: 0,
  port: 47432,
  state: 'running',
  exitCode: null,
  health: 'healthy',
  latencyMs: 4,
  detail: 'SELECT 1 answered',
  uptimeSeconds: 754,
  restarts: 0,
  engineHealth: 'healthy',
  downBecause: [],
  drift: [],
};
const orders: ServiceStatus = {
  ...base,
  name: 'orders',
  tier: 1,
  port: 47002,
  state: 'exited',
  exitCode: 137,
  health: 'down',
  latencyMs: null,
  detail: 'exited with code 137',
  uptimeSeconds: null,
  engineHealth: null,
};
const checkout: ServiceStatus = {
  ...base,
  name: 'checkout',
  tier: 2,
  port: 47003,
  health: 'unhealthy',
  latencyMs: 12,
  detail: 'HTTP 503: {"failed":[{"upstream":"orders"}]} | more',
  downBecause: ['orders'],
  drift: [{ kind: 'stale', detail: 'created from another definition' }],
};
const report: StatusReport = {
  project: 'shop',
  healthy: 1,
  total: 3,
  services: [base, orders, checkout],
  orphans: [{ name: 'ghost', container: 'shop-ghost-1', state: 'running', image: 'busybox-local:latest' }],
};
const unavailable: StatusUnavailable = {
  project: 'shop',
  error: { code: 'E_ENGINE', message: 'Docker engine not reachable at unix:///nonexistent.sock: no such socket', hint: 'start Docker' },
};
const plain = styler(false);

describe('status JSON', () => {
  it('has the documented shape, keys in order, every field present', () => {
    const json = JSON.parse(renderStatusJson(report));
    expect(Object.keys(json)).toEqual(['project', 'healthy', 'total', 'services', 'orphans']);
    expect(Object.keys(json.services[0])).toEqual([
      'name',
      'tier',
      'port',
      'state',
      'health',
      'latencyMs',
      'detail',
      'drift',
      'exitCode',
      'restarts',
      'uptimeSeconds',
      'engineHealth',
      'downBecause',
    ]);
    expect(json.services[1]).toMatchObject({ state: 'exited', exitCode: 137, health: 'down', latencyMs: null });
    expect(json.services[2].drift).toEqual([{ kind: 'stale', detail: 'created from another definition' }]);
    expect(json.orphans).toEqual([
      {
        name: 'ghost',
        container: 'shop-ghost-1',
        state: 'running',
        image: 'busybox-local:latest',
        drift: [{ kind: 'orphan', detail: expect.stringContaining('no service ghost') }],
      },
    ]);
    expect(statusJson(report)).toEqual(json);
  });

  it('an unreachable engine is one line with the error', () => {
    const line = renderStatusJson(unavailable);
    expect(line.split('\n')).toHaveLength(1);
    expect(JSON.parse(line)).toEqual({ project: 'shop', error: unavailable.error });
  });
});

describe('status table', () => {
  const lines = renderStatusTable(report, plain);

  it('has one row per service, exited with its code, then drift, the verdict and the causes', () => {
    expect(lines[0]).toMatch(/^SERVICE\s+TIER\s+PORT\s+STATE\s+HEALTH\s+ENGINE\s+LATENCY\s+UPTIME\s+RESTARTS\s+DETAIL$/);
    expect(lines[1]).toMatch(/^postgres\s+0\s+47432\s+running\s+healthy\s+healthy\s+4ms\s+12m34s\s+0\s+SELECT 1 answered$/);
    expect(lines[2]).toMatch(/^orders\s+1\s+47002\s+exited \(code 137\)\s+down\s+-\s+-\s+-\s+0\s+exited with code 137$/);
    expect(lines).toContain('DRIFT');
    expect(lines.some((l) => /^checkout\s+stale\s+created from another definition$/.test(l))).toBe(true);
    expect(lines.some((l) => /^ghost\s+orphan\s+container shop-ghost-1/.test(l))).toBe(true);
    expect(lines).toContain('1/3 healthy (33%)');
    expect(lines).toContain('checkout down because orders is down');
  });

  it('has no colour codes unless asked, and colours health when asked', () => {
    // eslint-disable-next-line no-control-regex -- the ESC of a colour code is what it looks for
    expect(lines.join('\n')).not.toMatch(/\u001b\[/);
    // eslint-disable-next-line no-control-regex -- the ESC of a colour code is what it looks for
    expect(renderStatusTable(report, styler(true)).join('\n')).toMatch(/\u001b\[/);
  });

  it('cuts long details to the terminal width', () => {
    for (const l of renderStatusTable(report, plain, 100).slice(0, 4)) expect(l.length).toBeLessThanOrEqual(100);
  });

  it('says in one line that the engine cannot be reached', () => {
    expect(renderStatusUnavailable(unavailable)).toBe(
      'pyat status: cannot tell the status of shop: Docker engine not reachable at unix:///nonexistent.sock: no such socket (start Docker)',
    );
  });

  it('shortens uptimes as docker ps does', () => {
    expect([uptime(null), uptime(45), uptime(754), uptime(3 * 3600 + 240), uptime(2 * 86_400 + 3 * 3600)]).toEqual([
      '-',
      '45s',
      '12m34s',
      '3h04m',
      '2d03h',
    ]);
  });
});

describe('status Markdown', () => {
  const md = renderStatusMarkdown(report);

  it('is a table with the summary line, pipes in details escaped', () => {
    expect(md).toContain('**1/3 healthy (33%)**');
    expect(md).toContain('| Service | Tier | Port | State | Health |');
    expect(md).toContain('| orders | 1 | 47002 | exited (code 137) | ❌ down |');
    expect(md).toContain('\\| more');
    expect(md).toContain('- checkout down because orders is down');
    // Every table row has the header's number of cells.
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    for (const r of rows) expect(r.replace(/\\\|/g, '').split('|').length).toBe(rows[0]!.split('|').length);
  });

  it('says in one line that the engine cannot be reached', () => {
    expect(renderStatusUnavailableMarkdown(unavailable).trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('watch lines', () => {
  const t = '2026-01-01T12:00:00.000Z';

  it('the first look prints every service and the verdict', () => {
    expect(changeLines(undefined, report, t)).toEqual([
      `${t} postgres healthy: SELECT 1 answered`,
      `${t} orders exited (code 137): exited with code 137`,
      `${t} checkout unhealthy: ${checkout.detail}`,
      `${t} checkout drift stale: created from another definition`,
      `${t} ghost drift orphan: container shop-ghost-1 (running) belongs to the project, but the registry declares no service ghost`,
      `${t} 1/3 healthy (33%)`,
    ]);
  });

  it('later looks print only what changed: orders healthy -> unhealthy: HTTP 503 …', () => {
    const before: StatusReport = {
      ...report,
      healthy: 2,
      services: [base, { ...orders, state: 'running', exitCode: null, health: 'healthy', detail: 'HTTP 200' }, checkout],
      orphans: [],
    };
    const after: StatusReport = {
      ...before,
      healthy: 1,
      services: [base, { ...before.services[1]!, health: 'unhealthy', detail: 'HTTP 503: database down', latencyMs: 9 }, checkout],
    };
    expect(changeLines(before, after, t)).toEqual([`${t} orders healthy -> unhealthy: HTTP 503: database down`, `${t} 1/3 healthy (33%)`]);
    expect(changeLines(after, { ...after, services: after.services.map((s) => ({ ...s, latencyMs: 1, uptimeSeconds: 9 })) }, t)).toEqual(
      [],
    );
  });

  it('an engine that goes away and comes back is said once each way', () => {
    expect(changeLines(report, unavailable, t)).toEqual([`${t} engine unreachable: ${unavailable.error.message}`]);
    expect(changeLines(unavailable, unavailable, t)).toEqual([]);
    expect(changeLines(unavailable, report, t)[0]).toBe(`${t} engine reachable again`);
  });
});
