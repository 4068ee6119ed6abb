// What the table and Markdown print under the services: how many are healthy, and which are down
// only because something they depend on is down — the root causes, not every link of the chain.

import type { ServiceStatus, StatusReport } from './types.js';

/**
 * For each service that is down, the down services it depends on (transitively) that have no down
 * dependency of their own. A healthy dependency ends the search: what lies below it is not the cause.
 * Services absent from `down` (not looked at) are neither causes nor explained.
 */
export function rootCauses(dependsOn: (name: string) => readonly string[], down: ReadonlyMap<string, boolean>): Map<string, string[]> {
  const memo = new Map<string, string[]>();
  const causesOf = (name: string, path: Set<string>): string[] => {
    const known = memo.get(name);
    if (known) return known;
    const causes = new Set<string>();
    for (const dep of dependsOn(name)) {
      if (down.get(dep) !== true || path.has(dep)) continue;
      const below = causesOf(dep, new Set([...path, dep]));
      for (const c of below.length > 0 ? below : [dep]) causes.add(c);
    }
    const list = [...causes].sort();
    memo.set(name, list);
    return list;
  };
  const out = new Map<string, string[]>();
  for (const [name, isDown] of down) if (isDown) out.set(name, causesOf(name, new Set([name])));
  return out;
}

/** `7/10 healthy (70%)`. */
export function healthLine(report: Pick<StatusReport, 'healthy' | 'total'>): string {
  const pct = report.total === 0 ? 100 : Math.round((100 * report.healthy) / report.total);
  return `${report.healthy}/${report.total} healthy (${pct}%)`;
}

/** `checkout down because orders is down`, one line per service with a cause. */
export function causeLines(report: StatusReport): string[] {
  return report.services
    .filter((s) => s.downBecause.length > 0)
    .map((s) => `${s.name} down because ${s.downBecause.join(', ')} ${s.downBecause.length > 1 ? 'are' : 'is'} down`);
}

/** One line on the orphans, when there are any. */
export function orphanLine(report: StatusReport): string | undefined {
  if (report.orphans.length === 0) return undefined;
  const names = report.orphans.map((o) => `${o.name} (${o.container})`).join(', ');
  return `${report.orphans.length} orphan container${report.orphans.length > 1 ? 's' : ''} the registry no longer declares: ${names}`;
}

/** The state as people read it: `exited (code 137)`. */
export function stateLabel(s: Pick<ServiceStatus, 'state' | 'exitCode'>): string {
  return s.exitCode !== null && (s.state === 'exited' || s.state === 'dead' || s.state === 'failed')
    ? `${s.state} (code ${s.exitCode})`
    : s.state;
}

/** One word for where a service is: its health while it runs, else its state (`exited (code 1)`, `missing`). */
export function condition(s: Pick<ServiceStatus, 'state' | 'exitCode' | 'health'>): string {
  return s.state === 'running' || s.state === 'starting' ? s.health : stateLabel(s);
}
