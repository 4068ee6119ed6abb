// Compose's resource limits as a container's requests and limits. Compose sizes are bytes in
// powers of 1024 (`512m` is 512 MiB); Kubernetes reads `512m` as 0.512 bytes, so units are
// translated, never copied. Requests equal limits: the scheduler reserves what the service may use.

import type { ResourceRequirements } from 'kubernetes-types/core/v1.js';

const UNITS: Record<string, string> = { b: '', k: 'Ki', m: 'Mi', g: 'Gi' };

/** A Compose byte size (`512m`, `2g`, `1.5gb`, `100`) as a Kubernetes quantity (`512Mi`, `2Gi`, `1.5Gi`, `100`). */
export function memoryQuantity(size: string): string {
  const m = /^(\d+(?:\.\d+)?)([bkmg]?)b?$/i.exec(size.trim());
  if (!m) return size; // the registry's schema refuses anything else
  return `${m[1] ?? ''}${UNITS[(m[2] ?? '').toLowerCase() || 'b'] ?? ''}`;
}

/** CPU cores (`0.5`) as millicores (`500m`). */
export function cpuQuantity(cores: number): string {
  return `${Math.round(cores * 1000)}m`;
}

/** The requests and limits for a service's `resources`, or undefined without any. */
export function resourcesOf(resources: { memory?: string; cpus?: number } | undefined): ResourceRequirements | undefined {
  if (!resources || (resources.memory === undefined && resources.cpus === undefined)) return undefined;
  const values: Record<string, string> = {
    ...(resources.cpus !== undefined ? { cpu: cpuQuantity(resources.cpus) } : {}),
    ...(resources.memory !== undefined ? { memory: memoryQuantity(resources.memory) } : {}),
  };
  return { requests: { ...values }, limits: { ...values } };
}
