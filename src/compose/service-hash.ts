// A fingerprint of a service's definition in the registry, written as a container label so that
// `pyat status` can tell a container made from an older definition (as Compose's own
// com.docker.compose.config-hash does, but computable without running Compose).

import { createHash } from 'node:crypto';
import type { ServiceDef } from '../registry/model.js';

/** JSON with object keys sorted, so that the same definition always gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The first 16 hex digits of the sha256 of the service's definition (where it was declared excluded). */
export function serviceHash(svc: ServiceDef): string {
  const { location: _location, smoke: _smoke, ...definition } = svc;
  return createHash('sha256').update(canonical(definition)).digest('hex').slice(0, 16);
}
