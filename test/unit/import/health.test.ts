// The probe from the healthcheck, in the order.

import { describe, expect, it } from 'vitest';
import { budgetOf, decideHealth, imageBaseName, type HealthInput } from '../../../src/import/health.js';

const input = (over: Partial<HealthInput>): HealthInput => ({
  healthcheck: undefined,
  test: undefined,
  command: undefined,
  image: undefined,
  env: {},
  defaultPort: 8000,
  dependedUpon: false,
  ...over,
});
const withTest = (test: string | string[], over: Partial<HealthInput> = {}) =>
  decideHealth(input({ healthcheck: { test }, test, ...over }))?.health;

describe('health from the healthcheck', () => {
  it('a disabled healthcheck is none', () => {
    expect(decideHealth(input({ healthcheck: { disable: true } }))?.health).toEqual({ type: 'none' });
    expect(withTest(['NONE'])).toEqual({ type: 'none' });
  });

  it('pg_isready, psql or a Postgres image → postgres; dpage/pgadmin4 is not Postgres', () => {
    expect(withTest('pg_isready -U app', { env: { POSTGRES_USER: 'app' } })).toEqual({ type: 'postgres', timeout: '3m' });
    expect(withTest(['CMD', 'psql', '-U', 'other', '-c', 'select 1'])).toMatchObject({ type: 'postgres', user: 'other' });
    expect(withTest('true', { image: 'postgres:16-alpine' })).toMatchObject({ type: 'postgres' });
    expect(withTest('true', { image: 'dpage/pgadmin4:8' })).toMatchObject({ type: 'exec', command: 'true' });
    expect(imageBaseName('registry.example.com:5000/team/postgres:15@sha256:abc')).toBe('postgres');
  });

  it('redis-cli or a Redis image → redis, the password from -a or --requirepass', () => {
    expect(withTest(['CMD', 'redis-cli', '-a', '${REDIS_PW}', 'ping'])).toMatchObject({ type: 'redis', password: '${REDIS_PW}' });
    expect(withTest('redis-cli ping', { command: 'redis-server --requirepass ${RP}' })).toMatchObject({ type: 'redis', password: '${RP}' });
    expect(withTest('redis-cli ping', { env: { REDIS_PASSWORD: '${RP}' }, command: 'redis-server --requirepass ${RP}' })).toEqual({
      type: 'redis',
      timeout: '3m',
    });
  });

  it('an HTTP client on localhost → http with that exact path and port', () => {
    expect(withTest(['CMD', 'curl', '-f', 'http://localhost:8000/healthz'])).toMatchObject({ type: 'http', path: '/healthz' });
    expect(withTest('wget -qO- http://127.0.0.1:9090/ready?full=1 || exit 1')).toMatchObject({
      type: 'http',
      path: '/ready?full=1',
      port: 9090,
    });
    expect(withTest(['CMD', 'python', '-c', "import urllib.request; urllib.request.urlopen('http://localhost:8000/')"])).toMatchObject({
      type: 'http',
      path: '/',
    });
    expect(withTest(['CMD', 'node', '-e', "fetch('http://localhost:8000/h').then(r => process.exit(r.ok ? 0 : 1))"])).toMatchObject({
      type: 'http',
      path: '/h',
    });
  });

  it('anything else → exec with the same command (a list stays a list)', () => {
    expect(withTest(['CMD', 'test', '-f', '/ready'])).toMatchObject({ type: 'exec', command: ['test', '-f', '/ready'] });
    expect(withTest(['CMD-SHELL', 'test -f /ready'])).toMatchObject({ type: 'exec', command: 'test -f /ready' });
    expect(withTest(['CMD', 'curl', 'http://other-host:80/'])).toMatchObject({ type: 'exec' });
  });

  it('interval, timeout, retries and start_period become the start-up budget', () => {
    expect(budgetOf({}).timeout).toBe('3m');
    expect(budgetOf({ interval: '10s', timeout: '2s', retries: 5, start_period: '20s' }).timeout).toBe('1m20s');
  });

  it('without a healthcheck, a service others depend on gets a probe (reported as added), or a conflict when none is possible', () => {
    expect(decideHealth(input({ dependedUpon: true }))).toMatchObject({ health: { type: 'tcp' }, action: 'added' });
    expect(decideHealth(input({ dependedUpon: true, image: 'redis:7', defaultPort: undefined }))).toMatchObject({
      health: { type: 'redis' },
    });
    expect(decideHealth(input({ dependedUpon: true, defaultPort: undefined }))?.action).toBe('conflict');
    expect(decideHealth(input({}))).toBeUndefined();
  });
});
