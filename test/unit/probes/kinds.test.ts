import { describe, expect, it } from 'vitest';
import { buildComposeModel } from '../../../src/compose/model.js';
import { probeFactory } from '../../../src/launch/probe-for.js';
import { deferredProbe } from '../../../src/probes/deferred.js';
import { createProbe } from '../../../src/probes/index.js';
import { execArgv } from '../../../src/probes/kinds/exec.js';
import { decodeResponse, encodeRequest } from '../../../src/probes/kinds/grpc.js';
import type { ProbeEngine } from '../../../src/launch/probe-for.js';
import { registryOf, svc } from '../../support/registry.js';

const timing = { interval: 100, timeout: 5000 };
const signal = () => new AbortController().signal;

describe('the grpc kind speaks grpc.health.v1 without a .proto', () => {
  it('encodes HealthCheckRequest as protobuf does', () => {
    expect(encodeRequest('api')).toEqual(Buffer.from([0x0a, 0x03, 0x61, 0x70, 0x69]));
    expect(encodeRequest('')).toEqual(Buffer.alloc(0));
    expect(encodeRequest('x'.repeat(200)).subarray(0, 3)).toEqual(Buffer.from([0x0a, 0xc8, 0x01]));
  });

  it('decodes HealthCheckResponse: SERVING, NOT_SERVING, and UNKNOWN when the field is absent', () => {
    expect(decodeResponse(Buffer.from([0x08, 0x01]))).toBe(1);
    expect(decodeResponse(Buffer.from([0x08, 0x02]))).toBe(2);
    expect(decodeResponse(Buffer.alloc(0))).toBe(0);
    // An unknown length-delimited field before the status is skipped.
    expect(decodeResponse(Buffer.from([0x12, 0x01, 0x61, 0x08, 0x01]))).toBe(1);
  });
});

describe('the exec kind runs a command the way Compose runs a healthcheck test', () => {
  it('runs a list as is and a string through sh -c', () => {
    expect(execArgv(['pg_isready', '-q'])).toEqual(['pg_isready', '-q']);
    expect(execArgv('ps | grep -q worker')).toEqual(['sh', '-c', 'ps | grep -q worker']);
  });

  const probeWith = (exitCode: number, output: string) =>
    createProbe(
      { type: 'exec', command: 'check', ...timing },
      { host: 'stack-worker-1', port: 0, exec: () => Promise.resolve({ exitCode, output }), secrets: ['hunter22'] },
    );

  it('is ready on exit 0, pending with the end of the output otherwise (secrets scrubbed), failed when the command cannot run', async () => {
    expect(await probeWith(0, '').check(signal())).toMatchObject({ status: 'ready', detail: 'exit 0' });
    expect(await probeWith(1, 'connecting with hunter22\nqueue orders not declared\n').check(signal())).toMatchObject({
      status: 'pending',
      detail: 'exit 1: connecting with *** queue orders not declared',
    });
    expect(await probeWith(127, 'sh: check: not found').check(signal())).toMatchObject({
      status: 'failed',
      detail: 'exit 127: sh: check: not found',
    });
  });

  it('names the container and the command as its target', () => {
    expect(probeWith(0, '').target).toBe('exec in stack-worker-1: sh -c check');
  });
});

describe('where a probe looks', () => {
  const container = { id: 'c1', name: 'stack-db-1', addresses: [] as string[] };
  const engine = (address?: string): ProbeEngine => ({
    inspect: () => Promise.resolve({ addresses: address ? [address] : [] } as never),
    exec: () => Promise.resolve({ exitCode: 0, output: '' }),
  });
  const pg = { type: 'postgres' as const, user: 'app', database: 'app', port: 5432, ...timing };

  it('at the published port on the host when the target port is published', () => {
    const probeFor = probeFactory({}, { engine: () => engine() });
    const db = svc('db', { port: { host: 15432, container: 5432, bind: '0.0.0.0' }, health: pg });
    expect(probeFor(db, container)?.target).toBe('postgres://app@127.0.0.1:15432/app');
  });

  it("at the container's address when nothing is published, once it has one", async () => {
    const db = svc('db', { health: pg });
    const before = probeFactory({}, { engine: () => engine() })(db, container)!;
    expect(before.target).toBe('postgres://app@db:5432/app');
    expect(await before.check(signal())).toMatchObject({ status: 'pending', detail: 'the container has no address yet' });
    const after = probeFactory({}, { engine: () => engine('127.0.0.1'), attemptTimeoutMs: 300 })(db, container)!;
    await after.check(signal());
    expect(after.target).toBe('postgres://app@127.0.0.1:5432/app');
    await Promise.all([before.close(), after.close()]);
  });

  it('says what to do when the container address cannot be routed to (an engine in a VM, as Docker Desktop)', async () => {
    const unroutable = deferredProbe(
      'tcp',
      'db',
      () => Promise.resolve('10.0.0.9'),
      (host) => ({
        kind: 'tcp',
        target: `tcp://${host}:5432`,
        check: () => Promise.resolve({ status: 'pending', detail: 'connection timed out', latencyMs: 2000 }),
        close: () => Promise.resolve(),
      }),
    );
    expect((await unroutable.check(signal())).detail).toBe(
      "connection timed out (at the container's address; where the engine runs in a VM, as Docker Desktop's does, publish the port instead)",
    );
    const broken = deferredProbe(
      'tcp',
      'db',
      () => Promise.reject(new Error('engine gone')),
      () => unroutable,
    );
    expect(await broken.check(signal())).toMatchObject({ status: 'pending', detail: 'engine gone' });
  });

  it('nowhere without an engine to ask (an unpublished port, an exec probe)', () => {
    const probeFor = probeFactory({});
    expect(probeFor(svc('db', { health: pg }), container)).toBeUndefined();
    expect(probeFor(svc('w', { health: { type: 'exec', command: ['true'], ...timing } }), container)).toBeUndefined();
  });
});

describe('each kind in the Compose file', () => {
  const model = buildComposeModel(
    registryOf([
      svc('cache', {
        ports: [
          { host: 6380, container: 6379, bind: '127.0.0.1' },
          { host: 6381, container: 6380, bind: '127.0.0.1' },
        ],
      }),
      svc('worker', { health: { type: 'exec', command: ['sh', '-c', 'test -f /tmp/ready'], ...timing } }),
      svc('shell', { health: { type: 'exec', command: 'ps | grep -q worker', ...timing } }),
      svc('orders', { health: { type: 'grpc', port: 50051, ...timing } }),
      svc('api', { deps: ['worker', 'orders'], port: { host: 8001, container: 8001, bind: '127.0.0.1' } }),
    ]),
    { outDir: '/project/compose' },
  );

  it('publishes every port of the list', () => {
    expect(model.services.cache?.ports).toEqual(['127.0.0.1:6380:6379', '127.0.0.1:6381:6380']);
    expect(model.services.worker?.ports).toBeUndefined();
  });

  it('an exec probe is its own healthcheck: a list as CMD, a string as CMD-SHELL', () => {
    expect(model.services.worker?.healthcheck?.test).toEqual(['CMD', 'sh', '-c', 'test -f /tmp/ready']);
    expect(model.services.shell?.healthcheck?.test).toEqual(['CMD-SHELL', 'ps | grep -q worker']);
  });

  it('a grpc probe has no healthcheck, so Compose waits for its dependents only until it started', () => {
    expect(model.services.orders?.healthcheck).toBeUndefined();
    expect(model.services.api?.depends_on).toEqual({ worker: { condition: 'service_healthy' }, orders: { condition: 'service_started' } });
  });
});
