// The demo service's settings, read once from the environment so that the rest of the code
// never touches process.env and can be reasoned about from one value.

/** Everything the demo service reads from its environment. */
export interface Config {
  name: string;
  port: number;
  databaseUrl?: string;
  redisUrl?: string;
  /** Base URLs (`http://host:port`) whose `/health` must answer 200. */
  upstreams: string[];
  /** Budget of one upstream check; /health answers within about this long. */
  checkTimeoutMs: number;
  startDelayMs: number;
  exitAfterMs?: number;
  exitCode: number;
  unhealthyReason?: string;
  /** Env names that must be non-empty, like a real service's API keys. */
  requireEnv: string[];
  hangHealth: boolean;
}

/** Reads the config; throws on a malformed number so that a typo fails loudly at start. */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  return {
    name: nonEmpty(env.SERVICE_NAME) ?? 'demo-service',
    port: int(env, 'PORT') ?? 8080,
    databaseUrl: nonEmpty(env.DATABASE_URL),
    redisUrl: nonEmpty(env.REDIS_URL),
    upstreams: list(env.UPSTREAMS).map((u) => u.replace(/\/+$/, '')),
    checkTimeoutMs: int(env, 'CHECK_TIMEOUT_MS') ?? 1000,
    startDelayMs: int(env, 'START_DELAY_MS') ?? 0,
    exitAfterMs: int(env, 'EXIT_AFTER_MS'),
    exitCode: int(env, 'EXIT_CODE') ?? 1,
    unhealthyReason: nonEmpty(env.UNHEALTHY_REASON),
    requireEnv: list(env.REQUIRE_ENV),
    hangHealth: env.HANG_HEALTH === '1' || env.HANG_HEALTH === 'true',
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function int(env: NodeJS.ProcessEnv, key: string): number | undefined {
  const raw = nonEmpty(env[key]);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key} must be a non-negative integer, got "${raw}"`);
  return n;
}
