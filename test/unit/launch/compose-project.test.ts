import { describe, expect, it } from 'vitest';
import { buildComposeModel } from '../../../src/compose/model.js';
import { runtimeForm } from '../../../src/launch/compose-project.js';
import { registryOf, svc } from '../../support/registry.js';

describe('the form of the file pyat hands Compose', () => {
  it('v1 gets its own form, whatever the engine', () => {
    expect(runtimeForm('v1', '1.45')).toEqual({ target: 'v1', startInterval: false });
  });

  it('v2 gets start_interval only from engine API 1.44 (Docker 25) on, where the engine takes it', () => {
    expect(runtimeForm('v2', '1.41')).toEqual({ target: 'spec', startInterval: false });
    expect(runtimeForm('v2', '1.43')).toEqual({ target: 'spec', startInterval: false });
    expect(runtimeForm('v2', '1.44')).toEqual({ target: 'spec', startInterval: true });
    expect(runtimeForm('v2', '1.51')).toEqual({ target: 'spec', startInterval: true });
  });

  it('without start_interval the healthcheck keeps everything else', () => {
    const registry = registryOf([
      svc('api', {
        image: 'api:1',
        port: { host: 8001, container: 8001, bind: '127.0.0.1' },
        health: { type: 'http', path: '/health', interval: 100, timeout: 5000 },
      }),
    ]);
    const full = buildComposeModel(registry, { outDir: '/p/compose' }).services.api!.healthcheck!;
    const old = buildComposeModel(registry, { outDir: '/p/compose', startInterval: false }).services.api!.healthcheck!;
    expect(full.start_interval).toBeDefined();
    expect(old).toEqual(Object.fromEntries(Object.entries(full).filter(([k]) => k !== 'start_interval')));
  });
});
