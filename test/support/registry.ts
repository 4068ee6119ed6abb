// Hand-built registries for pure unit tests: no file, no parser, just the resolved model.

import type { HealthSpec, PortSpec, Registry, ServiceDef } from '../../src/registry/model.js';

/**
 * A service with defaults filled; `deps` is shorthand for dependsOn, `port` for a ports list of
 * one. The default http probe targets the first port's container port, as the resolver would.
 */
export function svc(name: string, over: Partial<ServiceDef> & { deps?: string[]; port?: PortSpec } = {}): ServiceDef {
  const { deps, port, ...rest } = over;
  const ports = port ? [port] : (rest.ports ?? []);
  const health: HealthSpec = {
    type: 'http',
    path: '/health',
    interval: 250,
    timeout: 60_000,
    ...(ports[0] ? { port: ports[0].container } : {}),
  };
  return {
    name,
    image: `example/${name}:dev`,
    dependsOn: deps ?? [],
    env: {},
    requiredEnv: [],
    volumes: [],
    envFile: [],
    job: false,
    profiles: [],
    infra: false,
    health,
    smoke: [],
    ...rest,
    ports,
  };
}

/** A registry of the given services, in the given order. */
export function registryOf(services: ServiceDef[], over: Partial<Registry> = {}): Registry {
  return {
    name: 'test',
    portRange: [8000, 8008],
    gate: 'tiers',
    services: new Map(services.map((s) => [s.name, s])),
    files: ['/project/services.yaml'],
    baseDir: '/project',
    ...over,
  };
}

/** The graph shapes the fixtures are named by, as dependency maps. */
export const shapes = {
  chain: { a: [], b: ['a'], c: ['b'], d: ['c'] },
  diamond: { base: [], left: ['base'], right: ['base'], top: ['left', 'right'] },
  fanOut: { root: [], a: ['root'], b: ['root'], c: ['root'], d: ['root'] },
  // Issue 13's stack: a slow platform beside a fast airtable-gateway; only automation and api-gateway need platform.
  uneven: {
    postgres: [],
    redis: [],
    'airtable-gateway': ['postgres', 'redis'],
    platform: ['postgres', 'redis'],
    'mcp-server': ['airtable-gateway'],
    'llm-orchestrator': ['mcp-server'],
    automation: ['mcp-server', 'platform'],
    'api-gateway': ['llm-orchestrator', 'automation', 'platform'],
  },
} satisfies Record<string, Record<string, string[]>>;

/** A registry whose dependency graph is `graph` (name → dependencies). */
export function registryFromGraph(graph: Record<string, string[]>): Registry {
  return registryOf(Object.entries(graph).map(([name, deps]) => svc(name, { deps })));
}
