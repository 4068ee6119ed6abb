// Fills in the defaults of a service's health probe and smoke checks. Each kind resolves its own
// keys (src/probes/kinds/); the timing and the port every network probe targets are filled here.

import { KINDS } from '../probes/kinds/index.js';
import type { ProbeKind } from '../probes/kind.js';
import { parseDuration } from '../util/duration.js';
import type { HealthSpec, PortSpec, ProbeTiming, SmokeCheck } from './model.js';
import { DEFAULTS } from './defaults.js';
import type { HealthFile, SmokeCheckFile } from './schema.js';

const ms = (text: string | undefined, fallback: string) => parseDuration(text ?? fallback) ?? parseDuration(fallback)!;

type ProbeFile = Exclude<HealthFile, { type: 'none' }>;

/**
 * The resolved probe; no `health` key means no probe. A network probe targets `health.port`, else
 * the first published port's container port, else its kind's usual port (postgres 5432, redis 6379).
 */
export function resolveHealth(h: HealthFile | undefined, env: Record<string, string>, ports: readonly PortSpec[] = []): HealthSpec {
  if (!h || h.type === 'none') return { type: 'none' };
  const timing: ProbeTiming = { interval: ms(h.interval, DEFAULTS.interval), timeout: ms(h.timeout, DEFAULTS.timeout) };
  // Each entry of KINDS is the kind of its own key; TypeScript cannot follow a union through the lookup.
  const kind = KINDS[h.type] as unknown as ProbeKind<ProbeFile['type'], ProbeFile>;
  const own = kind.resolve(h, { env });
  if (kind.defaultPort === null) return { ...own, ...timing } as HealthSpec;
  const written = 'port' in h ? h.port : undefined;
  const port = written ?? ports[0]?.container ?? kind.defaultPort;
  return { ...own, ...timing, ...(port !== undefined ? { port } : {}) } as HealthSpec;
}

/** The resolved smoke checks, named "METHOD path" unless named in the file. */
export function resolveSmoke(list: SmokeCheckFile[] | undefined): SmokeCheck[] {
  return (list ?? []).map((c) => {
    const method = c.method ?? DEFAULTS.smokeMethod;
    return {
      name: c.name ?? `${method} ${c.path}`,
      method,
      path: c.path,
      expect: c.expect ?? DEFAULTS.smokeExpect,
      ...(c.contains !== undefined ? { contains: c.contains } : {}),
    };
  });
}
