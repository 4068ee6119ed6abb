import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/probes/redact.js';

describe('redact', () => {
  it('masks the password of a connection string and keeps the user', () => {
    expect(redact('connect ECONNREFUSED postgres://app:s3cr3t@127.0.0.1:5433/app')).toBe(
      'connect ECONNREFUSED postgres://app:***@127.0.0.1:5433/app',
    );
    expect(redact('redis://:s3cr3t@cache:6379 and amqp://u:p%40ss@mq/')).toBe('redis://:***@cache:6379 and amqp://u:***@mq/');
  });

  it('leaves a connection string without a password alone', () => {
    expect(redact('postgres://app@127.0.0.1:5433/app')).toBe('postgres://app@127.0.0.1:5433/app');
    expect(redact('http://127.0.0.1:8080/health')).toBe('http://127.0.0.1:8080/health');
  });

  it('scrubs known secret values wherever they appear, URL-encoded too', () => {
    const text = 'auth failed with "p@ss w0rd" (p%40ss%20w0rd)';
    expect(redact(text, ['p@ss w0rd', undefined, ''])).toBe('auth failed with "***" (***)');
  });

  it('scrubs the longer of two overlapping secrets whole', () => {
    expect(redact('tokens: abcdef', ['abc', 'abcdef'])).toBe('tokens: ***');
  });

  it('never lets a connection-string password through, whatever the password', () => {
    const password = fc.string({ minLength: 1, maxLength: 30 }).filter((p) => !/[\s@]/.test(p));
    fc.assert(
      fc.property(password, fc.constantFrom('postgres', 'redis', 'mysql'), (pw, scheme) => {
        const message = `could not connect to ${scheme}://user:${pw}@db:5432/x: refused`;
        // With the secret known, even a password that looks like ordinary text is gone.
        expect(redact(message, [pw])).not.toContain(`:${pw}@`);
        expect(redact(message)).toContain(`${scheme}://user:***@db:5432/x`);
      }),
    );
  });
});
