import { describe, expect, it } from 'vitest';
import { missingRequiredEnv, VALIDATORS } from '../../../src/registry/validators.js';
import { findCycles } from '../../../src/registry/validators/cycles.js';
import { brief, load, loadFixtures, problemsOf, yaml } from './helpers.js';

const problems = (lines: string[], vars: Record<string, string> = {}) => problemsOf(() => load(yaml(lines), vars)).map(brief);

describe('graph shapes', () => {
  it('a chain, a diamond and a fan-out are valid', () => {
    expect(loadFixtures(['chain.yaml'], { DB_PASSWORD: 'x' }).warnings).toEqual([]);
    expect(loadFixtures(['diamond.yaml']).warnings).toEqual([]);
    expect(loadFixtures(['fan-out.yaml']).warnings).toEqual([]);
  });

  it('a cycle is printed as the cycle', () => {
    expect(problemsOf(() => loadFixtures(['cycle.yaml'])).map(brief)).toEqual([
      '7: dependency cycle: api -> worker -> api — these services would wait for each other forever: remove one of these depends_on entries',
    ]);
  });

  it('a five-service cycle is printed whole, from the service declared first', () => {
    expect(problemsOf(() => loadFixtures(['cycle5.yaml'])).map(brief)).toEqual([
      '8: dependency cycle: a -> b -> c -> d -> e -> a — these services would wait for each other forever: remove one of these depends_on entries',
    ]);
  });

  it('a self-dependency is printed as a -> a', () => {
    expect(problemsOf(() => loadFixtures(['self-cycle.yaml'])).map(brief)).toEqual([
      '7: dependency cycle: loop -> loop — a service cannot depend on itself: remove "loop" from its depends_on',
    ]);
  });

  it('each tangle of services gives one cycle, and separate cycles are all reported', () => {
    const graph = new Map([
      ['a', ['b', 'c']],
      ['b', ['a', 'c']],
      ['c', ['a']],
      ['x', ['y']],
      ['y', ['x']],
      ['z', []],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'a'],
      ['x', 'y', 'x'],
    ]);
  });
});

describe('validators', () => {
  it('every validator has a unique name', () => {
    const names = VALIDATORS.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('an unknown dependency is an error that suggests a close name', () => {
    expect(
      problems([
        'name: demo',
        'services:',
        '  postgres: { image: p, port: 5432, infra: true, health: { type: tcp } }',
        '  api:',
        '    image: x',
        '    depends_on: [postgres, postgress, cache]',
      ]),
    ).toEqual([
      '6: service "api" depends on "postgress", which is not defined — did you mean "postgres"?',
      '6: service "api" depends on "cache", which is not defined — defined services: postgres, api',
    ]);
  });

  it('a dependency on a service that is declared but invalid is not "unknown"', () => {
    expect(problems(['name: demo', 'services:', '  db: { port: 5432 }', '  api: { image: x, depends_on: [db] }'])).toEqual([
      '3: services.db: the service has neither image nor build — add image: <name:tag>, or build: <context directory>',
    ]);
  });

  it('a service with an unknown key is still checked by the validators', () => {
    expect(problems(['name: demo', 'services:', '  api:', '    image: x', '    helth: {}', '    depends_on: [ghost]'])).toEqual([
      '5: services.api: unknown key "helth" — did you mean "health"?',
      '6: service "api" depends on "ghost", which is not defined — defined services: api',
    ]);
  });

  it('two services on one host port are an error naming both', () => {
    expect(
      problems([
        'name: demo',
        'services:',
        '  api: { image: x, port: 8001 }',
        '  web:',
        '    image: y',
        '    port: { host: 8001, container: 80 }',
      ]),
    ).toEqual(['6: services "api" and "web" both publish host port 8001 — give one of them another host port']);
  });

  it('one host port on two different loopback addresses is no conflict', () => {
    expect(
      load(
        yaml([
          'name: demo',
          'services:',
          '  a: { image: x, port: { host: 8001, container: 1, bind: 127.0.0.1 } }',
          '  b: { image: x, port: { host: 8001, container: 1, bind: 127.0.0.2 } }',
        ]),
      ).warnings,
    ).toEqual([]);
  });

  it('a non-infra host port outside port_range is an error; an infra one is not', () => {
    expect(
      problems([
        'name: demo',
        'port_range: [8000, 8003]',
        'services:',
        '  api: { image: x, port: 9000 }',
        '  db: { image: p, port: 5432, infra: true }',
      ]),
    ).toEqual([
      '4: service "api" publishes host port 9000, outside port_range [8000, 8003] — use a free port from 8000 to 8003, widen port_range, or mark the service infra: true',
    ]);
  });

  it('a service others depend on but without a health probe is an error', () => {
    expect(
      problems([
        'name: demo',
        'services:',
        '  cache:',
        '    image: redis',
        '    port: 8000',
        '    health: { type: none }',
        '  api: { image: x, port: 8001, depends_on: [cache] }',
        '  web: { image: x, port: 8002, depends_on: [cache] }',
      ]),
    ).toEqual([
      '6: service "cache" has no health probe, but "api" and "web" depend on it — add a health probe (at least health: { type: tcp }) so that its dependents start only once it is ready',
    ]);
  });

  it('a network probe needs a port to reach, published or not; smoke checks need a published one', () => {
    // Postgres publishes nothing: its probe reaches the container's own 5432, so only the smoke checks are refused.
    expect(
      problems(['name: demo', 'services:', '  db:', '    image: postgres', '    health: { type: postgres }', '    smoke: [{ path: /x }]']),
    ).toEqual([
      '6: service "db" has smoke checks but publishes no port — smoke checks run from the host against the first published port: add ports: [<number>]',
    ]);
    expect(problems(['name: demo', 'services:', '  api:', '    image: x', '    health: { type: tcp }'])).toEqual([
      '5: service "api" has a tcp probe but no port to reach — add health.port: <container port> (probed at the container\'s address when it is not published), or publish it with ports',
    ]);
    expect(load(yaml(['name: demo', 'services:', '  api:', '    image: x', '    health: { type: tcp, port: 9000 }'])).warnings).toEqual([]);
    expect(
      load(yaml(['name: demo', 'services:', '  w:', '    image: x', '    health: { type: exec, command: [/bin/true] }'])).warnings,
    ).toEqual([]);
  });

  it('every port of a list is validated: clashes across and within services, the range, wide binds', () => {
    expect(
      problems([
        'name: demo',
        'services:',
        '  api:',
        '    image: x',
        '    ports: [8001, { host: 8002, container: 9000, bind: 0.0.0.0 }]',
        '  admin:',
        '    image: x',
        '    ports:',
        '      - 8003',
        '      - 8002',
      ]),
    ).toEqual([
      '5: warning: service "api" is published on all interfaces (0.0.0.0:8002) — other machines on the network can reach it; bind to 127.0.0.1 unless that is intended',
      '10: services "api" and "admin" both publish host port 8002 — give one of them another host port',
    ]);
  });

  it('a service may publish no port at all', () => {
    expect(
      load(yaml(['name: demo', 'services:', '  db:', '    image: postgres', '    ports: []', '    health: { type: postgres }'])).warnings,
    ).toEqual([]);
  });

  it('a port published on all interfaces is a warning', () => {
    const { warnings } = load(
      yaml([
        'name: demo',
        'services:',
        '  api:',
        '    image: x',
        '    port:',
        '      host: 8001',
        '      container: 80',
        '      bind: 0.0.0.0',
      ]),
    );
    expect(warnings.map(brief)).toEqual([
      '8: warning: service "api" is published on all interfaces (0.0.0.0:8001) — other machines on the network can reach it; bind to 127.0.0.1 unless that is intended',
    ]);
  });

  it('a ${VAR:?message} whose variable is unset or empty is an error with the message, never the value', () => {
    const lines = [
      'name: demo',
      'services:',
      '  api:',
      '    image: x',
      '    env:',
      '      TOKEN: ${TOKEN:?put TOKEN in .env}',
      '      KEY: ${KEY:?}',
    ];
    expect(problems(lines, { KEY: '' })).toEqual([
      '6: required variable TOKEN is not set: put TOKEN in .env — set TOKEN in the environment or in .env beside services.yaml',
      '7: required variable KEY is empty — set KEY in the environment or in .env beside services.yaml',
    ]);
    expect(load(yaml(lines), { TOKEN: 'hunter2', KEY: 'k' }).warnings).toEqual([]);
  });

  it('required_env names that are unset or empty are warnings', () => {
    const { warnings } = load(yaml(['name: demo', 'services:', '  api:', '    image: x', '    required_env: [TOKEN, KEY, SET]']), {
      KEY: '',
      SET: 'hunter2',
    });
    expect(warnings.map(brief)).toEqual([
      '5: warning: service "api" requires TOKEN, which is not set — set TOKEN in the environment or in .env beside services.yaml',
      '5: warning: service "api" requires KEY, which is empty — set KEY in the environment or in .env beside services.yaml',
    ]);
    expect(JSON.stringify(warnings)).not.toContain('hunter2');
  });

  it('missingRequiredEnv gives errors, for the commands that start services', () => {
    const { registry } = load(yaml(['name: demo', 'services:', '  api:', '    image: x', '    required_env: [TOKEN]']), { TOKEN: 'x' });
    expect(missingRequiredEnv(registry, { TOKEN: 'x' })).toEqual([]);
    expect(missingRequiredEnv(registry, {})).toEqual([
      {
        message: 'service "api" requires TOKEN, which is not set',
        hint: 'set TOKEN in the environment or in .env beside services.yaml',
        location: { file: 'services.yaml', line: 3 },
        severity: 'error',
      },
    ]);
  });

  it('environment validators do not run when checkEnv is off', async () => {
    const { loadRegistryText } = await import('../../../src/registry/load-text.js');
    const text = 'name: demo\nservices:\n  api:\n    image: x\n    env: { A: "${A:?}" }\n    required_env: [B]\n';
    expect(loadRegistryText([{ path: '/s/services.yaml', name: 'services.yaml', text }], { checkEnv: false }).warnings).toEqual([]);
  });

  it('all problems of all validators are reported together, in line order', () => {
    expect(
      problems([
        'name: demo',
        'services:',
        '  a: { image: x, port: 8001, depends_on: [b, ghost] }',
        '  b: { image: x, port: 8001, depends_on: [a] }',
      ]),
    ).toEqual([
      '3: service "a" depends on "ghost", which is not defined — defined services: a, b',
      '3: dependency cycle: a -> b -> a — these services would wait for each other forever: remove one of these depends_on entries',
      '3: service "a" has no health probe, but "b" depends on it — add a health probe (at least health: { type: tcp }) so that its dependents start only once it is ready',
      '4: services "a" and "b" both publish host port 8001 — give one of them another host port',
      '4: service "b" has no health probe, but "a" depends on it — add a health probe (at least health: { type: tcp }) so that its dependents start only once it is ready',
    ]);
  });
});
