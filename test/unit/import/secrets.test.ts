// Secrets never leave as values: which values are secrets, and what they become.

import { describe, expect, it } from 'vitest';
import { isLiteralSecret, isSecretName, rewriteCommand, rewriteEnvValue, SecretVault } from '../../../src/import/secrets.js';

describe('what is a secret', () => {
  it('a secret-named key: PASSWORD, SECRET, TOKEN, API_KEY, _KEY, CREDENTIALS', () => {
    for (const k of ['DB_PASSWORD', 'JWT_SECRET', 'GITHUB_TOKEN', 'API_KEY', 'STRIPE_KEY', 'GOOGLE_CREDENTIALS'])
      expect(isSecretName(k), k).toBe(true);
    for (const k of ['DATABASE_URL', 'LOG_LEVEL', 'KEYBOARD', 'MONKEY']) expect(isSecretName(k), k).toBe(false);
  });

  it('not a boolean, number, duration, empty value, or only references (TOKEN_EXPIRY=15 is no secret)', () => {
    for (const v of ['15', 'true', 'no', '30m', '1h30m', '', '${X}', '$X', '${X:-}']) expect(isLiteralSecret(v), v).toBe(false);
    for (const v of ['hunter2', 's3cr3t', 'abc${X}']) expect(isLiteralSecret(v), v).toBe(true);
  });
});

describe('rewriting secrets to ${VAR}', () => {
  it('a literal under a secret-named key becomes ${KEY}; the value stays only in the vault', () => {
    const vault = new SecretVault();
    expect(rewriteEnvValue('api', 'JWT_SECRET', 'MARK1', vault)).toEqual({
      value: '${JWT_SECRET}',
      found: [{ variable: 'JWT_SECRET', kind: 'key' }],
    });
    expect(vault.values.get('JWT_SECRET')).toBe('MARK1');
  });

  it("a URL's password reuses the variable that already holds the same value", () => {
    const vault = new SecretVault();
    rewriteEnvValue('db', 'POSTGRES_PASSWORD', 'MARK1', vault);
    const r = rewriteEnvValue('api', 'DATABASE_URL', 'postgres://app:MARK1@db:5432/app', vault);
    expect(r.value).toBe('postgres://app:${POSTGRES_PASSWORD}@db:5432/app');
  });

  it("a URL's new password gets a name from the key; a reference in the URL is left alone", () => {
    const vault = new SecretVault();
    expect(rewriteEnvValue('api', 'CACHE_URL', 'redis://:MARK2@cache', vault).value).toBe('redis://:${CACHE_URL_PASSWORD}@cache');
    expect(rewriteEnvValue('api', 'DB_URL', 'postgres://u:${PW}@db', vault).value).toBe('postgres://u:${PW}@db');
  });

  it('the same key with two different values in two services gets two names', () => {
    const vault = new SecretVault();
    expect(rewriteEnvValue('a', 'API_KEY', 'MARK-a', vault).value).toBe('${API_KEY}');
    expect(rewriteEnvValue('b-svc', 'API_KEY', 'MARK-b', vault).value).toBe('${B_SVC_API_KEY}');
  });

  it('a name the source already uses for something else is not taken', () => {
    const vault = new SecretVault(new Set(['JWT_SECRET']));
    expect(rewriteEnvValue('api', 'JWT_SECRET', 'MARK', vault).value).toBe('${API_JWT_SECRET}');
  });

  it('the default of a secret-named ${X_PASSWORD:-literal} leaves; the variable keeps its name', () => {
    const vault = new SecretVault();
    expect(rewriteEnvValue('w', 'PW', '${DB_PASSWORD:-MARK}', vault).value).toBe('${DB_PASSWORD}');
    expect(rewriteEnvValue('w', 'TTL', '${TOKEN_EXPIRY:-15}', vault).value).toBe('${TOKEN_EXPIRY:-15}');
    expect(vault.values.get('DB_PASSWORD')).toBe('MARK');
  });

  it('--requirepass, redis-cli -a / --pass and PGPASSWORD= in a string command', () => {
    const vault = new SecretVault();
    expect(rewriteCommand('r', 'redis-server --requirepass MARK', vault).value).toBe('redis-server --requirepass ${REDIS_PASSWORD}');
    expect(rewriteCommand('r', 'redis-cli -a MARK ping', vault).value).toBe('redis-cli -a ${REDIS_PASSWORD} ping');
    expect(rewriteCommand('r', "redis-cli --pass 'MARK' ping", vault).value).toBe("redis-cli --pass '${REDIS_PASSWORD}' ping");
    expect(rewriteCommand('p', 'PGPASSWORD=MARK3 psql -h db', vault).value).toBe('PGPASSWORD=${PGPASSWORD} psql -h db');
  });

  it('the same arguments in a list command', () => {
    const vault = new SecretVault();
    expect(rewriteCommand('r', ['redis-cli', '-a', 'MARK', 'ping'], vault).value).toEqual(['redis-cli', '-a', '${REDIS_PASSWORD}', 'ping']);
    expect(rewriteCommand('r', ['redis-server', '--requirepass', 'MARK'], vault).value).toEqual([
      'redis-server',
      '--requirepass',
      '${REDIS_PASSWORD}',
    ]);
    expect(rewriteCommand('r', ['sh', '-c', 'redis-cli -a MARK ping'], vault).value).toEqual([
      'sh',
      '-c',
      'redis-cli -a ${REDIS_PASSWORD} ping',
    ]);
  });

  it('the value a container saw is kept: $$ in the file is one $', () => {
    const vault = new SecretVault();
    rewriteEnvValue('a', 'PASSWORD', 'pa$$word', vault);
    expect(vault.values.get('PASSWORD')).toBe('pa$word');
  });
});
