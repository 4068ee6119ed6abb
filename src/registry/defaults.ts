// Every default of the registry format, in one place: resolve.ts fills them in and schema.ts
// shows them to editors, so the two cannot drift apart.

/** Defaults for the values a registry file may leave out. */
export const DEFAULTS = {
  portRange: [8000, 8008] as [number, number],
  /** Tier by tier, as pyat always did: the order is easy to read off `pyat plan`. */
  gate: 'tiers' as 'tiers' | 'deps',
  /** Loopback unless the file says otherwise: a dev stack should not be reachable from the network. */
  bind: '127.0.0.1',
  // Fast enough that pyat's own part of a gate (seeing a dependency ready, starting its dependents)
  // stays well under the 0.25 s goal by default; a refused connection costs next to nothing.
  interval: '100ms',
  timeout: '60s',
  httpPath: '/health',
  smokeMethod: 'GET',
  smokeExpect: 200,
  /** The official postgres image's default superuser; its database defaults to the user's name. */
  postgresUser: 'postgres',
} as const;

/** The largest registry file pyat reads: a real one is a few kilobytes, so more means a wrong `-f`. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** YAML aliases allowed per file: enough for shared anchors, too few for a "billion laughs" bomb. */
export const MAX_ALIAS_COUNT = 100;
