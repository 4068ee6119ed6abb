import { describe, expect, it } from 'vitest';
import { closest, editDistance, suggestionHint } from '../../../src/registry/suggest.js';
import { brief, load, problemsOf, yaml } from './helpers.js';

// Line 1 is `name`, line 2 `services:`, line 3 the service key, its keys from line 4.
const service = (...lines: string[]) =>
  yaml(['name: demo', 'services:', '  api:', '    image: example/api:dev', ...lines.map((l) => `    ${l}`)]);

describe('registry schema', () => {
  it('a valid file resolves with every default filled in', () => {
    const { registry, warnings } = load(service('port: 8001', 'health: { type: http }', 'smoke: [{ path: /health }]'));
    expect(warnings).toEqual([]);
    expect(registry.name).toBe('demo');
    expect(registry.portRange).toEqual([8000, 8008]);
    expect(registry.files).toEqual(['/stack/services.yaml']);
    expect(registry.baseDir).toBe('/stack');
    expect(registry.services.get('api')).toEqual({
      name: 'api',
      image: 'example/api:dev',
      ports: [{ host: 8001, container: 8001, bind: '127.0.0.1' }],
      dependsOn: [],
      env: {},
      requiredEnv: [],
      volumes: [],
      envFile: [],
      job: false,
      profiles: [],
      infra: false,
      health: { type: 'http', path: '/health', port: 8001, interval: 100, timeout: 60_000 },
      smoke: [{ name: 'GET /health', method: 'GET', path: '/health', expect: 200 }],
      location: { file: 'services.yaml', line: 3 },
    });
  });

  it('services keep their declaration order', () => {
    const { registry } = load(yaml(['name: demo', 'services:', '  zeta: { image: z }', '  alpha: { image: a }', '  mid: { image: m }']));
    expect([...registry.services.keys()]).toEqual(['zeta', 'alpha', 'mid']);
  });

  it('the long forms of port and build resolve as written', () => {
    const { registry } = load(
      service(
        'port: { host: 8002, container: 80, bind: 0.0.0.0 }',
        'build: { context: ./api, dockerfile: Dockerfile.dev, args: { VERSION: 2, DEBUG: true } }',
        'command: serve --port 80',
      ),
    );
    const api = registry.services.get('api')!;
    expect(api.ports).toEqual([{ host: 8002, container: 80, bind: '0.0.0.0' }]);
    expect(api.build).toEqual({ context: './api', dockerfile: 'Dockerfile.dev', args: { VERSION: '2', DEBUG: 'true' } });
    expect(api.command).toBe('serve --port 80');
  });

  it('env values that YAML reads as numbers or booleans become strings, and ${VAR} stays as written', () => {
    const { registry } = load(service('env: { PORT: 8001, DEBUG: false, TOKEN: "${TOKEN}" }'));
    expect(registry.services.get('api')!.env).toEqual({ PORT: '8001', DEBUG: 'false', TOKEN: '${TOKEN}' });
  });

  it('postgres probe credentials default to the service env as written, then to the image defaults', () => {
    const fromEnv = load(
      service(
        'port: 5432',
        'infra: true',
        'env: { POSTGRES_USER: app, POSTGRES_PASSWORD: "${PG_PASSWORD}", POSTGRES_DB: appdb }',
        'health: { type: postgres }',
      ),
    );
    expect(fromEnv.registry.services.get('api')!.health).toEqual({
      type: 'postgres',
      user: 'app',
      password: '${PG_PASSWORD}',
      database: 'appdb',
      port: 5432,
      interval: 100,
      timeout: 60_000,
    });
    const bare = load(service('port: 5432', 'infra: true', 'health: { type: postgres, interval: 1s, timeout: 2m }'));
    expect(bare.registry.services.get('api')!.health).toEqual({
      type: 'postgres',
      user: 'postgres',
      database: 'postgres',
      port: 5432,
      interval: 1000,
      timeout: 120_000,
    });
    const userOnly = load(service('port: 5432', 'infra: true', 'env: { POSTGRES_USER: app }', 'health: { type: postgres }'));
    expect(userOnly.registry.services.get('api')!.health).toMatchObject({ user: 'app', database: 'app' });
  });

  it('a redis probe password defaults to the service env REDIS_PASSWORD', () => {
    const { registry } = load(
      service('port: 6379', 'infra: true', 'env: { REDIS_PASSWORD: "${REDIS_PASSWORD}" }', 'health: { type: redis }'),
    );
    expect(registry.services.get('api')!.health).toEqual({
      type: 'redis',
      password: '${REDIS_PASSWORD}',
      port: 6379,
      interval: 100,
      timeout: 60_000,
    });
  });

  it('no health key means no probe', () => {
    expect(load(service()).registry.services.get('api')!.health).toEqual({ type: 'none' });
  });

  it('a duration is read with its unit (250ms, 5s, 2m, 1m30s)', () => {
    const h = (interval: string, timeout: string) =>
      load(service('port: 8001', `health: { type: tcp, interval: ${interval}, timeout: ${timeout} }`)).registry.services.get('api')!.health;
    expect(h('250ms', '5s')).toEqual({ type: 'tcp', port: 8001, interval: 250, timeout: 5000 });
    expect(h('2m', '1m30s')).toEqual({ type: 'tcp', port: 8001, interval: 120_000, timeout: 90_000 });
  });

  it("restart takes Compose's policies, `no` unquoted included, and passes them to the Compose file as written", () => {
    for (const policy of ['no', 'always', 'unless-stopped', 'on-failure', 'on-failure:3']) {
      expect(load(service(`restart: ${policy}`)).registry.services.get('api')!.restart).toBe(policy);
    }
    expect(load(service()).registry.services.get('api')!.restart).toBeUndefined();
  });

  it('a restart policy Compose does not know is a problem on its line, with the policies it knows', () => {
    expect(problemsOf(() => load(service('restart: sometimes'))).map(brief)).toEqual([
      '5: services.api.restart: "sometimes" is not a restart policy — write no, always, unless-stopped, on-failure, or on-failure:N to stop after N retries',
    ]);
    expect(problemsOf(() => load(service('restart: on-failure:0'))).map(brief)).toEqual([
      '5: services.api.restart: "on-failure:0" is not a restart policy — write no, always, unless-stopped, on-failure, or on-failure:N to stop after N retries',
    ]);
    expect(problemsOf(() => load(service('restart: false'))).map(brief)).toEqual([
      '5: services.api.restart: expected a string, got boolean false — what the engine does when the container exits, as in Compose: no (the default), always, unless-stopped, on-failure or on-failure:N',
    ]);
  });

  it('a malformed duration is a problem on its line', () => {
    expect(problemsOf(() => load(service('port: 8001', 'health:', '  type: tcp', '  interval: 5 seconds'))).map(brief)).toEqual([
      '8: services.api.health.interval: "5 seconds" is not a duration — write a duration like 250ms, 5s, 2m or 1m30s',
    ]);
  });

  it('an unknown key is an error that suggests the close known key', () => {
    expect(problemsOf(() => load(service('port: 8001', 'helth: { type: tcp }'))).map(brief)).toEqual([
      '6: services.api: unknown key "helth" — did you mean "health"?',
    ]);
    expect(problemsOf(() => load(service('depend_on: [x]'))).map(brief)).toEqual([
      '5: services.api: unknown key "depend_on" — did you mean "depends_on"?',
    ]);
  });

  it('an unknown key with no close match lists the allowed keys', () => {
    expect(problemsOf(() => load(yaml(['name: demo', 'services: { api: { image: x } }', 'networks: {}']))).map(brief)).toEqual([
      '3: (top level): unknown key "networks" — allowed keys: name, port_range, gate, services',
    ]);
  });

  it('an unknown key inside a probe is checked against that probe type', () => {
    expect(
      problemsOf(() => load(service('port: 5432', 'infra: true', 'health:', '  type: postgres', '  path: /health'))).map(brief),
    ).toEqual(['9: services.api.health: unknown key "path" — allowed keys: type, user, password, database, port, interval, timeout']);
  });

  it('each wrong type names the path, what was expected and what was found', () => {
    const cases: [string, string][] = [
      [
        'port: "8001"',
        '5: services.api.port: expected a number or a map, got the string "8001" — a port number (the same on host and container) or { host, container, bind? }',
      ],
      ['port: 70000', '5: services.api.port: 70000 is out of range; it must be at most 65535 — a whole number from 1 to 65535'],
      [
        'port: { host: 8001, container: 0 }',
        '5: services.api.port.container: 0 is out of range; it must be at least 1 — the port inside the container',
      ],
      [
        'port: { host: 8001, container: 80, bind: everywhere }',
        '5: services.api.port.bind: the string "everywhere" is not valid — the host address to bind: an IPv4 or IPv6 address (default 127.0.0.1)',
      ],
      [
        'depends_on: db',
        '5: services.api.depends_on: expected a list, got the string "db" — services that must be healthy before this one starts',
      ],
      ['env: [A=1]', '5: services.api.env: expected a map, got a list — environment variables; values may hold ${VAR} references'],
      [
        'env: { A: }',
        '5: services.api.env.A: expected a string, a number or a boolean (true or false), got null (an empty value) — a string (numbers and booleans are turned into strings); may hold ${VAR} references',
      ],
      [
        'infra: yes',
        '5: services.api.infra: expected a boolean (true or false), got the string "yes" — infrastructure (databases, caches, UI): its host port may lie outside port_range',
      ],
      ['command: 42', '5: services.api.command: expected a string or a list, got number 42 — the command: a string or a list of strings'],
      [
        'required_env: [api-key]',
        '5: services.api.required_env[0]: the string "api-key" is not valid — an environment variable name: letters, digits and _',
      ],
      ['volumes: [""]', '5: services.api.volumes[0] must not be empty — volumes in Compose short syntax, e.g. data:/var/lib/data'],
      [
        'build: { context: ., dockerfile: 1 }',
        '5: services.api.build.dockerfile: expected a string, got number 1 — the Dockerfile, relative to the context',
      ],
    ];
    for (const [line, expected] of cases) expect(problemsOf(() => load(service(line))).map(brief)).toEqual([expected]);
  });

  it('a ${VAR} where a number is expected says that numbers are not interpolated', () => {
    expect(problemsOf(() => load(service('port: ${API_PORT}'))).map(brief)).toEqual([
      '5: services.api.port: expected a number or a map, got the string "${API_PORT}" — numbers and flags are not interpolated: write the value itself',
    ]);
  });

  it('a health probe must name a known type', () => {
    expect(problemsOf(() => load(service('port: 5432', 'health: { type: postgress }'))).map(brief)).toEqual([
      '6: services.api.health.type: unknown type "postgress" — did you mean "postgres"?',
    ]);
    expect(problemsOf(() => load(service('port: 5432', 'health: { interval: 1s }'))).map(brief)).toEqual([
      '6: services.api.health needs a type — one of: postgres, redis, http, tcp, exec, grpc, none',
    ]);
  });

  it('an http probe path must start with / and hold only URL-safe characters; expect is a status', () => {
    expect(problemsOf(() => load(service('port: 8001', 'health: { type: http, path: "/a b", expect: 700 }'))).map(brief)).toEqual([
      '6: services.api.health.path: the string "/a b" is not valid — a URL path that starts with / and holds only A-Z a-z 0-9 . _ ~ / ? = & % : -',
      '6: services.api.health.expect: 700 is out of range; it must be at most 599 — an HTTP status code, 100 to 599',
    ]);
  });

  it('a smoke check needs a path and a known method', () => {
    expect(problemsOf(() => load(service('port: 8001', 'smoke:', '  - method: FETCH'))).map(brief)).toEqual([
      '7: services.api.smoke[0].method: the string "FETCH" is not allowed — one of: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
      '7: services.api.smoke[0].path is required — a URL path that starts with / and holds only A-Z a-z 0-9 . _ ~ / ? = & % : -',
    ]);
  });

  it('a service needs an image or a build', () => {
    expect(problemsOf(() => load(yaml(['name: demo', 'services:', '  api:', '    port: 8001']))).map(brief)).toEqual([
      '3: services.api: the service has neither image nor build — add image: <name:tag>, or build: <context directory>',
    ]);
  });

  it('service and project names follow Compose rules', () => {
    expect(problemsOf(() => load(yaml(['name: My Stack', 'services:', '  Web_App: { image: x }']))).map(brief)).toEqual([
      '1: name: the string "My Stack" is not valid — the Compose project name: lowercase letters, digits, _ and -, starting with a letter or digit',
      '3: services: "Web_App" is not a valid name — lowercase letters, digits and dashes, starting with a letter or digit (Compose rejects other names), e.g. "web-app"',
    ]);
  });

  it('name and services are required, and services may not be empty', () => {
    expect(problemsOf(() => load('port_range: [8000, 8008]\n')).map(brief)).toEqual([
      '1: name is required — the Compose project name: lowercase letters, digits, _ and -, starting with a letter or digit',
      '1: services is required — the services, by name',
    ]);
    expect(problemsOf(() => load('name: demo\nservices: {}\n')).map(brief)).toEqual([
      '2: services: services is empty — declare at least one service',
    ]);
  });

  it('port_range is two ports, low then high', () => {
    expect(problemsOf(() => load(yaml(['name: demo', 'port_range: [9000, 8000]', 'services: { api: { image: x } }']))).map(brief)).toEqual([
      '2: port_range: the low port is above the high port — write it as [low, high]',
    ]);
    expect(problemsOf(() => load(yaml(['name: demo', 'port_range: [9000]', 'services: { api: { image: x } }']))).map(brief)).toEqual([
      '2: port_range: the list must have at least 2 items — [low, high]: the host ports non-infra services must use (default [8000, 8008])',
    ]);
  });

  it('a file that is not a map at the top is a problem on line 1', () => {
    expect(problemsOf(() => load('- a\n- b\n')).map(brief)).toEqual([
      '1: (top level): expected a map, got a list — a registry is a map with name, port_range and services',
    ]);
  });

  it('problems in different services are all reported, in line order', () => {
    const text = yaml(['name: demo', 'services:', '  a: { image: x, port: "1" }', '  b: { image: x, helth: {} }', '  c: { port: 8003 }']);
    expect(problemsOf(() => load(text)).map((p) => p.location?.line)).toEqual([3, 4, 5]);
  });
});

describe('suggestions', () => {
  it('the edit distance counts insertions, deletions and substitutions', () => {
    expect(editDistance('health', 'helth')).toBe(1);
    expect(editDistance('depends_on', 'depend_on')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('a close word is suggested, a distant one is not', () => {
    expect(closest('postgress', ['postgres', 'redis'])).toBe('postgres');
    expect(closest('Image', ['image', 'build'])).toBe('image');
    expect(closest('networks', ['name', 'port_range', 'services'])).toBeUndefined();
    expect(closest('ab', ['xy'])).toBeUndefined();
  });

  it('without a close word, the hint lists the choices', () => {
    expect(suggestionHint('helth', ['health', 'port'])).toBe('did you mean "health"?');
    expect(suggestionHint('zzz', ['health', 'port'], 'allowed keys')).toBe('allowed keys: health, port');
  });
});
