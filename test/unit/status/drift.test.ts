import { describe, expect, it } from 'vitest';
import { LABEL } from '../../../src/compose/model.js';
import { serviceHash } from '../../../src/compose/service-hash.js';
import { normalImage, orphansOf, serviceDrift, type Declared } from '../../../src/status/drift.js';
import { svc } from '../../support/registry.js';
import { containerOf, orphan } from '../../support/containers.js';

const orders = svc('orders', { image: 'pyat-local/demo-service:latest', port: { host: 47002, container: 8080, bind: '127.0.0.1' } });
const declared = (s = orders): Declared => ({ ports: s.ports, image: s.image, hash: serviceHash(s) });
const kinds = (d: { kind: string }[]): string[] => d.map((x) => x.kind);

describe('drift', () => {
  it('a container created from the current definition has no drift', () => {
    expect(serviceDrift(declared(), containerOf(orders))).toEqual([]);
  });

  it('a declared service without a container is missing', () => {
    expect(kinds(serviceDrift(declared(), undefined))).toEqual(['missing']);
  });

  it('a container of a service the registry no longer declares is an orphan, whatever its state', () => {
    const ghost = { ...orphan('ghost'), state: 'exited' as const };
    expect(orphansOf(new Set(['orders']), [containerOf(orders), ghost])).toEqual([
      { name: 'ghost', container: 'test-ghost-1', state: 'exited', image: 'busybox-local:latest' },
    ]);
  });

  it('a published host port other than the registry says is port drift, naming both', () => {
    const moved = containerOf(orders, { ports: [{ container: 8080, hostIp: '127.0.0.1', hostPort: 47009 }] });
    const [d] = serviceDrift(declared(), moved);
    expect(d).toEqual({ kind: 'port', detail: 'publishes 127.0.0.1:47009->8080; the registry says 127.0.0.1:47002->8080' });
  });

  it('a port published on all interfaces where the registry binds loopback is drift; 0.0.0.0 and :: are the same bind', () => {
    const wide = containerOf(orders, { ports: [{ container: 8080, hostIp: '0.0.0.0', hostPort: 47002 }] });
    expect(kinds(serviceDrift(declared(), wide))).toEqual(['port']);
    const everywhere = svc('orders', { ...orders, port: { host: 47002, container: 8080, bind: '0.0.0.0' } });
    const both = containerOf(everywhere, { ports: [{ container: 8080, hostIp: '::', hostPort: 47002 }] });
    expect(serviceDrift(declared(everywhere), both)).toEqual([]);
  });

  it('a port the registry does not declare is drift too', () => {
    const quiet = svc('worker', { image: 'w:1' });
    const c = containerOf(quiet, { ports: [{ container: 80, hostIp: '0.0.0.0', hostPort: 8081 }] });
    expect(serviceDrift(declared(quiet), c)).toEqual([
      { kind: 'port', detail: 'publishes 0.0.0.0:8081->80; the registry declares no port' },
    ]);
  });

  it('every declared port must be published as declared: one missing or one extra is drift', () => {
    const two = svc('cache', {
      image: 'r:7',
      ports: [
        { host: 47379, container: 6379, bind: '127.0.0.1' },
        { host: 47380, container: 6380, bind: '127.0.0.1' },
      ],
    });
    const both = containerOf(two);
    expect(serviceDrift(declared(two), both)).toEqual([]);
    const one = containerOf(two, { ports: [{ container: 6379, hostIp: '127.0.0.1', hostPort: 47379 }] });
    expect(serviceDrift(declared(two), one)).toEqual([
      { kind: 'port', detail: 'publishes 127.0.0.1:47379->6379; the registry says 127.0.0.1:47379->6379, 127.0.0.1:47380->6380' },
    ]);
    const extra = containerOf(two, { ports: [...both.ports, { container: 9121, hostIp: '127.0.0.1', hostPort: 47381 }] });
    expect(kinds(serviceDrift(declared(two), extra))).toEqual(['port']);
  });

  it('a container created from another definition is stale; one without the label is stale too', () => {
    const changed = svc('orders', { ...orders, env: { LOG_LEVEL: 'debug' } });
    const [d] = serviceDrift(declared(changed), containerOf(orders));
    expect(d?.kind).toBe('stale');
    expect(d?.detail).toContain(`config-hash ${serviceHash(orders)}; the registry's is now ${serviceHash(changed)}`);
    const unlabelled = containerOf(orders, { labels: {} });
    expect(serviceDrift(declared(), unlabelled)).toEqual([
      { kind: 'stale', detail: expect.stringContaining(`no ${LABEL.configHash} label`) },
    ]);
  });

  it('an image other than the registry names is image drift; with no image named there is none', () => {
    const c = containerOf(orders, { image: 'pyat-local/demo-service:old' });
    expect(serviceDrift(declared(), c)).toEqual([
      { kind: 'image', detail: 'runs pyat-local/demo-service:old; the registry names pyat-local/demo-service:latest' },
    ]);
    expect(serviceDrift({ ...declared(), image: undefined }, c)).toEqual([]);
  });

  it('image names compare as the engine resolves them', () => {
    expect(normalImage('redis')).toBe(normalImage('docker.io/library/redis:latest'));
    expect(normalImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(normalImage('app@sha256:abc')).toBe('app@sha256:abc');
    expect(normalImage('redis:7')).not.toBe(normalImage('redis:6'));
  });

  it('each drift is reported as itself, several at once', () => {
    const changed = svc('orders', {
      ...orders,
      image: 'pyat-local/demo-service:v2',
      port: { host: 47005, container: 8080, bind: '127.0.0.1' },
    });
    expect(kinds(serviceDrift(declared(changed), containerOf(orders)))).toEqual(['port', 'stale', 'image']);
  });
});
