// A registry probe from a Compose healthcheck, in the order issue 15 gives: disabled → none;
// pg_isready/psql or a Postgres image → postgres; redis-cli or a Redis image → redis; an HTTP
// client on localhost → http with that path and port; anything else → exec with the same command.
// The healthcheck's timing becomes the probe's start-up budget; pyat polls at its own pace.

import { formatDuration, parseDuration } from '../util/duration.js';

/** What the mapping knows of the service when it decides its probe. */
export interface HealthInput {
  healthcheck: Record<string, unknown> | undefined;
  /** The healthcheck test after secrets were rewritten. */
  test: string | string[] | undefined;
  /** The command after secrets were rewritten (for redis `--requirepass`). */
  command: string | string[] | undefined;
  image: string | undefined;
  env: Record<string, string>;
  /** The container port of the first published port, the probe's default target. */
  defaultPort: number | undefined;
  /** Whether another service depends on this one (then it needs a probe). */
  dependedUpon: boolean;
}

/** The probe (or none) and why. */
export interface HealthDecision {
  health?: Record<string, unknown>;
  action: 'mapped' | 'added' | 'conflict';
  why: string;
}

const HTTP_CLIENT = /\b(?:curl|wget)\b|python[0-9.]*\b[\s\S]*\b(?:urllib|httpx|requests)\b|\bnode\b[\s\S]*\bfetch\(/;
const LOCAL_URL = /\bhttp:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(\/[^\s'"\\)]*)?/;
const URL_PATH = /^\/[A-Za-z0-9._~/?=&%:-]*$/;

/** The last part of an image's path without tag or digest: `dpage/pgadmin4:8` → `pgadmin4`. */
export function imageBaseName(image: string | undefined): string {
  const last = (image ?? '').split('/').pop() ?? '';
  return (last.split(/[@:]/)[0] ?? '').toLowerCase();
}

const isPostgresImage = (image: string | undefined) => ['postgres', 'postgresql', 'postgis'].includes(imageBaseName(image));
const isRedisImage = (image: string | undefined) => ['redis', 'redis-stack-server', 'valkey'].includes(imageBaseName(image));

/** The test as text (for matching) and as the exec probe's command (a list stays a list). */
function testForms(test: string | string[]): { text: string; command: string | string[] } | 'disabled' {
  if (typeof test === 'string') return { text: test, command: test };
  const [kind, ...rest] = test;
  if (kind === 'NONE') return 'disabled';
  if (kind === 'CMD-SHELL') return { text: rest.join(' '), command: rest.join(' ') };
  if (kind === 'CMD') return { text: rest.join(' '), command: rest };
  return { text: test.join(' '), command: test };
}

/** The start-up budget a Compose healthcheck allows: start_period + retries × (interval + timeout). */
export function budgetOf(hc: Record<string, unknown>): { timeout: string; why: string } {
  const d = (key: string, fallback: number) => (typeof hc[key] === 'string' ? parseDuration(hc[key]) : undefined) ?? fallback;
  const retries = typeof hc.retries === 'number' ? hc.retries : 3;
  // Compose's defaults: interval 30s, timeout 30s, retries 3, start_period 0.
  const ms = d('start_period', 0) + retries * (d('interval', 30_000) + d('timeout', 30_000));
  return {
    timeout: formatDuration(ms),
    why:
      `start-up budget ${formatDuration(ms)} = start_period + retries × (interval + timeout) of the healthcheck; ` +
      'pyat polls every 100ms meanwhile',
  };
}

/** Decides the probe. */
export function decideHealth(input: HealthInput): HealthDecision | undefined {
  const hc = input.healthcheck;
  if (hc && (hc.disable === true || (input.test !== undefined && testForms(input.test) === 'disabled'))) {
    return { health: { type: 'none' }, action: 'mapped', why: 'the healthcheck is disabled: no probe' };
  }
  if (hc && input.test !== undefined) {
    const forms = testForms(input.test);
    if (forms === 'disabled') return undefined;
    const { timeout, why } = budgetOf(hc);
    const kind = fromTest(forms.text, forms.command, input);
    return { health: { ...kind.health, timeout }, action: 'mapped', why: `${kind.why}; ${why}` };
  }
  if (!input.dependedUpon) return undefined;
  if (isPostgresImage(input.image))
    return {
      health: { type: 'postgres' },
      action: 'added',
      why: 'no healthcheck, but others depend on it: a Postgres image gets a postgres probe',
    };
  if (isRedisImage(input.image))
    return { health: { type: 'redis' }, action: 'added', why: 'no healthcheck, but others depend on it: a Redis image gets a redis probe' };
  if (input.defaultPort !== undefined)
    return {
      health: { type: 'tcp' },
      action: 'added',
      why: `no healthcheck, but others depend on it: tcp on its port ${input.defaultPort}`,
    };
  return {
    action: 'conflict',
    why: 'others depend on it, but it has no healthcheck and no published port: pyat cannot probe it — add a healthcheck or a port',
  };
}

function fromTest(text: string, command: string | string[], input: HealthInput): { health: Record<string, unknown>; why: string } {
  if (/\b(?:pg_isready|psql)\b/.test(text) || (isPostgresImage(input.image) && !HTTP_CLIENT.test(text))) {
    const health: Record<string, unknown> = { type: 'postgres' };
    const user = /\s-U\s*(\S+)/.exec(text)?.[1];
    if (user && !user.startsWith('$') && user !== (input.env.POSTGRES_USER ?? 'postgres')) health.user = user;
    const database = /\s-d\s*(\S+)/.exec(text)?.[1];
    if (database && !database.startsWith('$') && database !== (input.env.POSTGRES_DB ?? input.env.POSTGRES_USER ?? 'postgres'))
      health.database = database;
    return { health, why: 'a Postgres healthcheck or image: pyat connects and runs SELECT 1' };
  }
  if (/\bredis-cli\b/.test(text) || (isRedisImage(input.image) && !HTTP_CLIENT.test(text))) {
    const health: Record<string, unknown> = { type: 'redis' };
    const fromTest = /(?:\s-a|--pass)(?:=|\s+)['"]?(\$\{[^}]+\})/.exec(text)?.[1];
    const commandText = Array.isArray(input.command) ? input.command.join(' ') : (input.command ?? '');
    const fromCommand = /--requirepass(?:=|\s+)['"]?(\$\{[^}]+\})/.exec(commandText)?.[1];
    const password = fromTest ?? fromCommand;
    if (password !== undefined && password !== input.env.REDIS_PASSWORD) health.password = password;
    return { health, why: 'a Redis healthcheck or image: pyat sends PING' };
  }
  const url = HTTP_CLIENT.test(text) ? LOCAL_URL.exec(text) : null;
  if (url) {
    const path = url[2] ?? '/';
    const port = url[1] !== undefined ? Number(url[1]) : 80;
    if (URL_PATH.test(path)) {
      const health: Record<string, unknown> = { type: 'http', path };
      if (port !== input.defaultPort) health.port = port;
      return { health, why: `an HTTP healthcheck: pyat GETs ${path} on port ${port}` };
    }
  }
  return { health: { type: 'exec', command }, why: 'pyat runs the same command in the container' };
}
