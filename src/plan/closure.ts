// The dependency closure: the services asked for and everything they depend on, transitively.

import { UsageError } from '../errors.js';
import type { Registry } from '../registry/model.js';

/**
 * Returns the closure of `names`, in registry order. With no names: every service that has no
 * `profiles` or one of the active ones, as in Compose; a service named explicitly is always included.
 */
export function dependencyClosure(registry: Registry, names: readonly string[] = [], profiles: readonly string[] = []): string[] {
  if (names.length === 0) {
    const active = [...registry.services.values()].filter(
      (s) => s.profiles.length === 0 || s.profiles.some((p) => profiles.includes(p) || p === '*'),
    );
    if (profiles.includes('*')) return [...registry.services.keys()];
    return dependencyClosure(
      registry,
      active.map((s) => s.name),
    );
  }
  const unknown = names.filter((n) => !registry.services.has(n));
  if (unknown.length > 0) {
    const known = [...registry.services.keys()].join(', ');
    throw new UsageError(`no such service: ${unknown.join(', ')}`, `the registry declares: ${known}`);
  }
  const seen = new Set<string>();
  const stack = [...names];
  for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    for (const dep of registry.services.get(name)?.dependsOn ?? []) stack.push(dep);
  }
  return [...registry.services.keys()].filter((n) => seen.has(n));
}

/** Returns the services that depend on `name`, directly or transitively, in registry order. */
export function dependentsOf(registry: Registry, name: string): string[] {
  const out = new Set<string>();
  let frontier = [name];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const [svc, def] of registry.services) {
      if (!out.has(svc) && def.dependsOn.some((d) => frontier.includes(d))) {
        out.add(svc);
        next.push(svc);
      }
    }
    frontier = next;
  }
  return [...registry.services.keys()].filter((n) => out.has(n));
}
