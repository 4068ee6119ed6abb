// `pyat status --json`: the stable, documented shape machines read. Keys are written in a fixed
// order and every field is always present (null when it does not apply), so a consumer can rely on
// `healthy === total` and on `services[].drift` without probing for keys.
//
// {"project", "healthy", "total",
//  "services": [{"name", "tier", "port", "ports", "limits", "state", "health", "latencyMs", "detail", "drift": [{"kind", "detail"}],
//                "exitCode", "restarts", "uptimeSeconds", "engineHealth", "downBecause"}],
//  "orphans": [{"name", "container", "state", "image", "drift": [{"kind": "orphan", "detail"}]}]}
// When the engine cannot be reached: {"project", "error": {"code", "message", "hint"}}.

import { orphanDrift } from '../status/drift.js';
import type { StatusReport, StatusUnavailable } from '../status/types.js';

/** The report as the documented JSON object. */
export function statusJson(report: StatusReport): object {
  return {
    project: report.project,
    healthy: report.healthy,
    total: report.total,
    services: report.services.map((s) => ({
      name: s.name,
      tier: s.tier,
      port: s.port,
      ports: s.ports,
      limits: s.limits,
      state: s.state,
      health: s.health,
      latencyMs: s.latencyMs,
      detail: s.detail,
      drift: s.drift.map((d) => ({ kind: d.kind, detail: d.detail })),
      exitCode: s.exitCode,
      restarts: s.restarts,
      uptimeSeconds: s.uptimeSeconds,
      engineHealth: s.engineHealth,
      downBecause: s.downBecause,
    })),
    orphans: report.orphans.map((o) => ({ name: o.name, container: o.container, state: o.state, image: o.image, drift: [orphanDrift(o)] })),
  };
}

/** The report, or why there is none, as one line of JSON. */
export function renderStatusJson(result: StatusReport | StatusUnavailable): string {
  if ('error' in result) return JSON.stringify({ project: result.project, error: result.error });
  return JSON.stringify(statusJson(result));
}
