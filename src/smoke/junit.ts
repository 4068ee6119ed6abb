// The JUnit XML report of a smoke run, in the shape of Jenkins' junit-10.xsd (what Jenkins,
// GitLab and GitHub's test reporters read): one <testsuite> in a <testsuites> root; a test case
// per service (classname "start", time to healthy) and per smoke check (classname
// "smoke.<service>"). junit-10.xsd gives <testsuites> no `skipped` attribute, so it carries
// tests/failures/errors/time only; <testsuite> carries all counts, `timestamp` and `hostname`.

import type { ServiceOutcome } from '../launch/types.js';
import { styler } from '../report/style.js';
import { formatFailure } from '../report/up-summary.js';
import type { SmokeCheckResult, SmokeReport } from './types.js';
import { xmlDocument, type XmlNode } from './xml.js';

/** Seconds with three decimals, the way JUnit writes `time` (junit-10.xsd's SUREFIRE_TIME: no exponent, no sign). */
export function junitTime(ms: number | undefined): string {
  return (Math.max(0, ms ?? 0) / 1000).toFixed(3);
}

/** The JUnit XML document for a smoke report. */
export function buildJUnit(report: SmokeReport): string {
  const cases = [...report.launch.outcomes.map((o) => serviceCase(o, report.launch.elapsedMs)), ...report.checks.map(checkCase)];
  const count = (kind: string): number => cases.filter((c) => c.children?.some((x) => x.name === kind)).length;
  const totals = { tests: cases.length, failures: count('failure'), errors: count('error'), time: junitTime(report.timings.totalMs) };
  const suite: XmlNode = {
    name: 'testsuite',
    attrs: {
      name: `pyat smoke: ${report.project}`,
      ...totals,
      skipped: count('skipped'),
      timestamp: report.timestamp,
      hostname: report.hostname,
      id: 0,
      package: 'pyat',
    },
    children: [{ name: 'properties', children: [property('project', report.project), property('status', report.status)] }, ...cases],
  };
  return xmlDocument({ name: 'testsuites', attrs: { name: 'pyat smoke', ...totals }, children: [suite] });
}

function property(name: string, value: string): XmlNode {
  return { name: 'property', attrs: { name, value } };
}

// A failed service carries its whole diagnosis, the same lines `up` prints (without colour).
function serviceCase(o: ServiceOutcome, elapsedMs: number): XmlNode {
  const ready = o.readyAt !== undefined;
  const attrs = { name: o.name, classname: 'start', time: junitTime(ready ? o.readyAt : o.status === 'failed' ? elapsedMs : 0) };
  if (o.failure) {
    const text = formatFailure(o.failure, styler(false)).join('\n');
    return {
      name: 'testcase',
      attrs,
      children: [
        { name: 'failure', attrs: { message: `${o.name} ${o.failure.reason}: ${o.failure.message}`, type: o.failure.reason }, text },
      ],
    };
  }
  if (o.status === 'blocked' || o.status === 'interrupted') {
    const message = o.status === 'blocked' ? 'not started: a service it depends on failed' : 'interrupted before it was healthy';
    return { name: 'testcase', attrs, children: [{ name: 'skipped', attrs: { message } }] };
  }
  return { name: 'testcase', attrs };
}

// A wrong answer is a <failure>; no answer at all (timeout, refused) is an <error>, as JUnit
// separates a failed assertion from a test that could not run its assertion.
function checkCase(c: SmokeCheckResult): XmlNode {
  const attrs = { name: c.name, classname: `smoke.${c.service}`, time: junitTime(c.durationMs) };
  if (c.status === 'passed') return { name: 'testcase', attrs };
  if (c.status === 'skipped')
    return { name: 'testcase', attrs, children: [{ name: 'skipped', attrs: { message: c.message ?? 'not run' } }] };
  const lines = [`${c.method} ${c.url}`, c.message ?? ''];
  if (c.logs && c.logs.length > 0) lines.push(`last ${c.logs.length} log lines of ${c.service}:`, ...c.logs.map((l) => `| ${l}`));
  const element = c.status === 'failed' ? 'failure' : 'error';
  return {
    name: 'testcase',
    attrs,
    children: [{ name: element, attrs: { message: c.message ?? c.status, type: c.kind ?? c.status }, text: lines.join('\n') }],
  };
}
