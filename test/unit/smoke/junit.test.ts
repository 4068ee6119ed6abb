import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { LaunchResult } from '../../../src/launch/types.js';
import { buildJUnit, junitTime } from '../../../src/smoke/junit.js';
import type { SmokeCheckResult, SmokeReport } from '../../../src/smoke/types.js';

const HOSTILE = 'bad <tag> & "quote" ]]> \u0001 end';

const launch: LaunchResult = {
  status: 'failed',
  elapsedMs: 4200,
  outcomes: [
    { name: 'db', tier: 0, status: 'healthy', startedAt: 100, readyAt: 1500, startedByUs: true },
    { name: 'cache', tier: 0, status: 'already-healthy', readyAt: 20, startedByUs: false },
    {
      name: 'api',
      tier: 1,
      status: 'failed',
      startedAt: 1600,
      startedByUs: true,
      failure: {
        service: 'api',
        reason: 'timeout',
        message: `not ready after 2s: HTTP 503: ${HOSTILE}`,
        probe: { kind: 'http', target: 'http://127.0.0.1:8001/health' },
        errors: ['HTTP 503'],
        logs: ['starting', `\u001b[31mERROR\u001b[0m ${HOSTILE}`],
        blocked: ['web'],
      },
    },
    { name: 'web', tier: 2, status: 'blocked', startedByUs: false },
  ],
};
const check = (over: Partial<SmokeCheckResult>): SmokeCheckResult => ({
  service: 'db',
  name: 'ping',
  method: 'GET',
  url: 'http://127.0.0.1:8000/ping',
  status: 'passed',
  durationMs: 12,
  ...over,
});
const checks: SmokeCheckResult[] = [
  check({}),
  check({
    name: `echo ${HOSTILE}`,
    status: 'failed',
    kind: 'contains',
    message: `HTTP 200, but the body does not contain "x": ${HOSTILE}`,
    logs: ['line 1', HOSTILE],
  }),
  check({ name: 'down', status: 'error', kind: 'connection', message: 'connection refused' }),
  check({ service: 'web', name: 'home', status: 'skipped', durationMs: 0, message: 'not run: web is blocked' }),
];
const report: SmokeReport = {
  project: 'shop&co',
  status: 'failed',
  timestamp: '2026-01-02T03:04:05Z',
  hostname: 'ci-1',
  launch,
  checks,
  timings: { startMs: 4300, checksMs: 50, totalMs: 4350 },
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- fast-xml-parser 5.12 still honours it; its replacement is a separate package
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});
type Node = Record<string, unknown>;
const parse = (xml: string) => parser.parse(xml) as { testsuites: Node & { testsuite: (Node & { testcase: Node[] })[] } };

// The elements and attributes Jenkins' junit-10.xsd declares (jenkinsci/xunit-plugin): a reader
// that validates against it rejects anything else.
const ALLOWED: Record<string, string[]> = {
  testsuites: ['name', 'time', 'tests', 'failures', 'errors'],
  testsuite: [
    'name',
    'tests',
    'failures',
    'errors',
    'group',
    'time',
    'skipped',
    'timestamp',
    'hostname',
    'id',
    'package',
    'file',
    'log',
    'url',
  ],
  properties: [],
  property: ['name', 'value'],
  testcase: ['name', 'time', 'classname', 'group'],
  failure: ['type', 'message'],
  error: ['type', 'message'],
  skipped: ['type', 'message'],
  'system-out': [],
  'system-err': [],
};

describe('the JUnit report', () => {
  const xml = buildJUnit(report);

  it('is well-formed XML', () => {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- fast-xml-parser 5.12's validator still works; its replacement is a separate package
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
  });

  it('uses only the elements and attributes of junit-10.xsd', () => {
    for (const [, name, attrs] of xml.matchAll(/<([a-z-]+)((?:\s+[a-z]+="[^"]*")*)\s*\/?>/g)) {
      expect(Object.keys(ALLOWED), `element <${name}>`).toContain(name);
      for (const [, attr] of attrs!.matchAll(/([a-z]+)="/g)) expect(ALLOWED[name!], `<${name} ${attr}>`).toContain(attr);
    }
    // testsuite, testcase and property name their required attributes.
    expect(xml).not.toMatch(/<testcase(?![^>]*\bname=)/);
    expect(xml).not.toMatch(/<testsuite (?![^>]*\btests=)/);
  });

  it('has one suite with a test case per service and per check, and the right counts on suite and root', () => {
    const doc = parse(xml);
    const suite = doc.testsuites.testsuite[0]!;
    expect(doc.testsuites.testsuite).toHaveLength(1);
    expect(suite.name).toBe('pyat smoke: shop&co');
    expect(suite).toMatchObject({
      tests: '8',
      failures: '2',
      errors: '1',
      skipped: '2',
      time: '4.350',
      timestamp: '2026-01-02T03:04:05Z',
      hostname: 'ci-1',
    });
    expect(doc.testsuites).toMatchObject({ tests: '8', failures: '2', errors: '1', time: '4.350' });
    expect(suite.testcase.map((c) => `${String(c.classname)}/${String(c.name)}`)).toEqual([
      'start/db',
      'start/cache',
      'start/api',
      'start/web',
      'smoke.db/ping',
      `smoke.db/echo ${HOSTILE.replace('\u0001', '')}`,
      'smoke.db/down',
      'smoke.web/home',
    ]);
  });

  it('gives a service the seconds it took to get healthy', () => {
    const suite = parse(xml).testsuites.testsuite[0]!;
    expect(suite.testcase[0]).toMatchObject({ name: 'db', time: '1.500' });
    expect(suite.testcase[3]).toMatchObject({
      name: 'web',
      time: '0.000',
      skipped: { message: 'not started: a service it depends on failed' },
    });
  });

  it("carries a failed service's whole diagnosis, hostile log text intact", () => {
    const api = parse(xml).testsuites.testsuite[0]!.testcase[2]! as { failure: Node };
    expect(api.failure.type).toBe('timeout');
    expect(api.failure.message).toBe(`api timeout: not ready after 2s: HTTP 503: ${HOSTILE.replace('\u0001', '')}`);
    const text = String(api.failure['#text']);
    expect(text).toContain('probe:       http http://127.0.0.1:8001/health');
    expect(text).toContain(`| ERROR ${HOSTILE.replace('\u0001', '')}`);
    expect(text).toContain('not started: web (they depend on api)');
  });

  it('reports a wrong answer as a failure, no answer as an error, with the request and the log', () => {
    const cases = parse(xml).testsuites.testsuite[0]!.testcase;
    const echo = cases[5] as { failure: Node };
    expect(echo.failure.type).toBe('contains');
    expect(String(echo.failure['#text'])).toContain('GET http://127.0.0.1:8000/ping');
    expect(String(echo.failure['#text'])).toContain(`| ${HOSTILE.replace('\u0001', '')}`);
    expect(cases[6]).toMatchObject({ error: { type: 'connection', message: 'connection refused' } });
  });

  it('writes a passing run with zero failures, errors and skips', () => {
    const ok = buildJUnit({
      ...report,
      status: 'passed',
      launch: { status: 'healthy', elapsedMs: 10, outcomes: [launch.outcomes[0]!] },
      checks: [checks[0]!],
    });
    expect(parse(ok).testsuites.testsuite[0]).toMatchObject({ tests: '2', failures: '0', errors: '0', skipped: '0' });
  });

  it('writes times the way junit-10.xsd allows (no sign, no exponent)', () => {
    expect(junitTime(1234567)).toBe('1234.567');
    expect(junitTime(-5)).toBe('0.000');
    expect(junitTime(undefined)).toBe('0.000');
  });
});
