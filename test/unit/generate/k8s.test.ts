// The k8s target: manifests that a cluster accepts (checked without one), readiness and start
// order from the registry, secrets as references, refusals, and --check.

import { execa } from 'execa';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { filesOf, validateManifestDir } from '../../support/k8s.js';
import { runPyatIn } from './run.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const fixture = path.join(repo, 'test/fixtures/targets/services.yaml');
const haveKubectl = (await execa('kubectl', ['version', '--client'], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;
const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

async function tmp(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pyat-k8s-'));
  made.push(dir);
  return dir;
}

/** Generates the manifests of `registry` into a fresh directory and returns it. */
async function generated(registry: string, extra: string[] = []): Promise<string> {
  const out = await tmp();
  const r = await runPyatIn(repo, ['-f', registry, 'generate', '--target', 'k8s', '-o', out, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return out;
}

type Doc = { kind: string; metadata: { name: string }; spec: Record<string, unknown> };
type Container = {
  name: string;
  env?: { name: string; value?: string; valueFrom?: Record<string, { name: string; key: string }> }[];
  args?: string[];
  [probe: string]: unknown;
};

async function docsOf(dir: string, file: string): Promise<Doc[]> {
  return parseAllDocuments(await readFile(path.join(dir, file), 'utf8')).map((d) => d.toJS() as Doc);
}

function podOf(doc: Doc): { initContainers?: Container[]; containers: Container[] } {
  return (doc.spec.template as { spec: { initContainers?: Container[]; containers: Container[] } }).spec;
}

describe('pyat generate --target k8s', () => {
  for (const registry of ['services.yaml', 'examples/demo/services.yaml', 'test/fixtures/targets/services.yaml']) {
    it(`the manifests of ${registry} pass the Kubernetes schema and pyat's own checks`, async () => {
      const { problems, documents } = await validateManifestDir(await generated(registry));
      expect(problems).toEqual([]);
      expect(documents.length).toBeGreaterThan(0);
    });
  }

  it('two runs give byte-identical files', async () => {
    expect(await filesOf(await generated(fixture))).toEqual(await filesOf(await generated(fixture)));
  });

  it('readiness follows each probe kind; a startupProbe carries the start-up budget; there is no livenessProbe', async () => {
    const dir = await generated(fixture);
    const main = async (file: string) => {
      const [workload] = await docsOf(dir, file);
      return podOf(workload!).containers[0]!;
    };
    const db = await main('db.yaml');
    expect(db.startupProbe).toEqual({
      exec: { command: ['sh', '-c', 'exec pg_isready -h 127.0.0.1 -p 5432 -U "${DB_USER}" -d app'] },
      periodSeconds: 1,
      timeoutSeconds: 3,
      failureThreshold: 45,
    });
    expect(db.readinessProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 3 });
    const cache = await main('cache.yaml');
    expect(cache.readinessProbe).toMatchObject({ exec: { command: ['sh', '-c', 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'] } });
    expect(cache.env).toContainEqual({
      name: 'REDISCLI_AUTH',
      valueFrom: { secretKeyRef: { name: 'targets-secrets', key: 'CACHE_PASSWORD' } },
    });
    expect((await main('api.yaml')).startupProbe).toMatchObject({
      httpGet: { path: '/ready', port: 'http-8080' },
      periodSeconds: 1,
      failureThreshold: 90,
    });
    expect((await main('queue.yaml')).readinessProbe).toMatchObject({ tcpSocket: { port: 'tcp-9105' } });
    const search = await main('search.yaml');
    expect(search.readinessProbe).toMatchObject({ grpc: { port: 9090, service: 'search.v1.Search' } });
    expect(search.ports).toEqual([
      { name: 'tcp-9107', containerPort: 9107, protocol: 'TCP' },
      { name: 'grpc-9090', containerPort: 9090, protocol: 'TCP' },
    ]);
    expect((await main('indexer.yaml')).startupProbe).toMatchObject({ exec: { command: ['/bin/indexer', '--ping'] } });
    const worker = await main('worker.yaml');
    // A string runs through sh -c; its ${VAR} is read from the container's env, filled from the ConfigMap.
    expect(worker.readinessProbe).toMatchObject({ exec: { command: ['sh', '-c', 'test -f /tmp/ready-${WORKER_ID}'] } });
    expect(worker.env).toContainEqual({ name: 'WORKER_ID', valueFrom: { configMapKeyRef: { name: 'targets-config', key: 'WORKER_ID' } } });
    expect(worker.args).toEqual(['node', 'worker.js', '--queue', 'default jobs']);
    for (const c of [db, cache, search, worker]) expect(c.livenessProbe).toBeUndefined();
  });

  it('a named volume makes a StatefulSet with a claim; a published port a ClusterIP Service named after the service', async () => {
    const dir = await generated(fixture, ['--storage', '5Gi']);
    const [db, service] = await docsOf(dir, 'db.yaml');
    expect(db!.kind).toBe('StatefulSet');
    expect(db!.spec.volumeClaimTemplates).toEqual([
      { metadata: { name: 'db-data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } },
    ]);
    expect(service).toMatchObject({
      kind: 'Service',
      metadata: { name: 'db' },
      spec: { type: 'ClusterIP', ports: [{ name: 'postgres-5432', port: 5432 }] },
    });
    expect(service!.spec.selector).toEqual({ 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'targets' });
    const [api] = await docsOf(dir, 'api.yaml');
    expect(api!.kind).toBe('Deployment');
    expect(await docsOf(dir, 'worker.yaml')).toHaveLength(1); // no port, no Service
  });

  it('--wait init waits for each direct dependency through its Service; --wait none writes no init container', async () => {
    const [api] = await docsOf(await generated(fixture), 'api.yaml');
    const init = podOf(api!).initContainers ?? [];
    expect(init.map((c) => c.name)).toEqual(['wait-db', 'wait-cache', 'wait-queue', 'wait-migrate']);
    expect(init[0]).toMatchObject({ image: 'busybox:1.36', command: ['sh', '-c', expect.stringContaining('until nc -z -w 2 db 5432;')] });
    const [custom] = await docsOf(await generated(fixture, ['--wait-image', 'registry.local/busybox:1']), 'api.yaml');
    expect(podOf(custom!).initContainers?.[0]).toMatchObject({ image: 'registry.local/busybox:1' });
    const [none] = await docsOf(await generated(fixture, ['--wait', 'none']), 'api.yaml');
    expect(podOf(none!).initContainers).toBeUndefined();
  });

  it('a job becomes a Job run once; a dependent waits for it to complete through the API, with a ServiceAccount that may only read Jobs', async () => {
    const dir = await generated(fixture);
    const [job, ...rest] = await docsOf(dir, 'migrate.yaml');
    expect(rest).toEqual([]); // no Service: a job serves nothing
    expect(job).toMatchObject({ kind: 'Job', spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never' } } } });
    const migrate = podOf(job!).containers[0]!;
    expect(migrate).toMatchObject({
      command: ['/app/migrate'],
      args: ['--database', 'postgresql://$(DB_USER):$(DB_PASSWORD)@db:5432/app'],
    });
    expect(migrate.readinessProbe).toBeUndefined();
    const [api] = await docsOf(dir, 'api.yaml');
    const pod = podOf(api!) as ReturnType<typeof podOf> & { serviceAccountName?: string };
    expect(pod.serviceAccountName).toBe('targets-job-waiter');
    expect(pod.initContainers?.at(-1)).toEqual({
      name: 'wait-migrate',
      image: 'registry.k8s.io/kubectl:v1.31.0',
      args: ['wait', '--for=condition=complete', '--timeout=-1s', 'job/migrate'],
    });
    const rbac = await docsOf(dir, 'job-waiter.yaml');
    expect(rbac.map((d) => d.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding']);
    expect((rbac[1] as unknown as { rules: unknown }).rules).toEqual([
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(Object.keys(await filesOf(await generated(fixture, ['--wait', 'none'])))).not.toContain('job-waiter.yaml');
  });

  it('resources become equal requests and limits in Kubernetes units; entrypoint, working_dir and user carry over', async () => {
    const dir = await generated(fixture);
    const [api] = await docsOf(dir, 'api.yaml');
    const limits = { cpu: '500m', memory: '512Mi' };
    expect(podOf(api!).containers[0]!.resources).toEqual({ requests: limits, limits });
    const [worker] = await docsOf(dir, 'worker.yaml');
    expect(podOf(worker!).containers[0]).toMatchObject({ workingDir: '/app', securityContext: { runAsUser: 1000, runAsGroup: 1000 } });
  });

  it('secrets stay references: ${VAR} to the Secret, defaults to the ConfigMap, composite values as $(NAME) defined before', async () => {
    const dir = await generated(fixture);
    const [api] = await docsOf(dir, 'api.yaml');
    const env = podOf(api!).containers[0]!.env!;
    expect(env.map((e) => e.name)).toEqual(['DB_PASSWORD', 'DB_USER', 'LOG_LEVEL', 'PRICE', 'GREETING', 'DATABASE_URL']);
    expect(env).toContainEqual({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'targets-secrets', key: 'DB_PASSWORD' } } });
    expect(env).toContainEqual({ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'targets-config', key: 'LOG_LEVEL' } } });
    expect(env).toContainEqual({ name: 'PRICE', value: '$$5' }); // Kubernetes reads $$ as a literal $
    expect(env).toContainEqual({ name: 'DATABASE_URL', value: 'postgresql://$(DB_USER):$(DB_PASSWORD)@db:5432/app' });
    const files = await filesOf(dir);
    expect(files['secrets.env.example']).toMatch(/\nCACHE_PASSWORD=\nDB_PASSWORD=\n$/);
    expect(files['.gitignore']).toContain('\nsecrets.env\n');
    expect(files['kustomization.yaml']).toContain('- DB_USER=app');
    expect(files['kustomization.yaml']).toContain('- LOG_LEVEL=info');
    expect(files['secrets.env']).toBeUndefined();
  });

  it('writes the services the active profiles select, as `pyat up` would start them', async () => {
    expect(Object.keys(await filesOf(await generated(fixture)))).not.toContain('debug.yaml');
    expect(Object.keys(await filesOf(await generated(fixture, ['--profile', 'tools'])))).toContain('debug.yaml');
  });

  it('refuses what Kubernetes cannot express: one line per problem with file, line and fix, exit 2, nothing written', async () => {
    const dir = await tmp();
    await writeFile(
      path.join(dir, 'services.yaml'),
      [
        'name: bad_name',
        'services:',
        '  web:',
        '    build: ./web',
        '    port: 8002',
        '    volumes: [./conf:/etc/web:ro, my_data:/data]',
        '    health: { type: http, path: /, expect: 404 }',
        '    user: www-data',
        '    env_file: web.env',
        '    env: { "9LIVES": x }',
        '',
      ].join('\n'),
    );
    await writeFile(path.join(dir, 'web.env'), 'A=1\n');
    const r = await runPyatIn(dir, ['generate', '--target', 'k8s']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^services\.yaml:1: the project name "bad_name" is not a valid Kubernetes name — /),
        expect.stringMatching(/^services\.yaml:3: service "web" has build: but no image:.* — add image:/),
        expect.stringMatching(/^services\.yaml:3: service "web" mounts the host path of "\.\/conf:\/etc\/web:ro".* — use a named volume/),
        expect.stringMatching(/^services\.yaml:3: service "web": the volume name "my_data" is not a valid Kubernetes name — /),
        expect.stringMatching(/^services\.yaml:3: service "web" expects HTTP 404, .* — expect a status from 200 to 399/),
        expect.stringMatching(/^services\.yaml:3: service "web" runs as user "www-data", .* — write user: as uid or uid:gid/),
        expect.stringMatching(/^services\.yaml:3: service "web" reads env_file web\.env, .* — list its variables under env:/),
        expect.stringMatching(/^services\.yaml:3: service "web": the variable name "9LIVES" is not one Kubernetes accepts — /),
      ]),
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(Object.keys(await filesOf(dir)).sort()).toEqual(['services.yaml', 'web.env']);
  });

  it('owns only the files with its header: a stale generated file goes, hand-written files and secrets.env stay', async () => {
    const dir = await tmp();
    await cp(fixture, path.join(dir, 'services.yaml'));
    const out = path.join(dir, 'k8s/generated');
    expect((await runPyatIn(dir, ['generate', '--target', 'k8s', '--profile', 'tools'])).code).toBe(0);
    await writeFile(path.join(out, 'secrets.env'), 'DB_PASSWORD=x\n');
    await writeFile(path.join(out, 'ingress.yaml'), 'kind: Ingress\n');
    const r = await runPyatIn(dir, ['generate', '--target', 'k8s']);
    expect(r.code).toBe(0);
    const files = Object.keys(await filesOf(out));
    expect(files).not.toContain('debug.yaml');
    expect(files).toEqual(expect.arrayContaining(['secrets.env', 'ingress.yaml', 'api.yaml']));
  });

  it('--check exits 1 with a diff after a registry change, and when a file is missing; writes nothing', async () => {
    const dir = await tmp();
    await cp(fixture, path.join(dir, 'services.yaml'));
    expect((await runPyatIn(dir, ['generate', '--target', 'k8s'])).code).toBe(0);
    expect(await runPyatIn(dir, ['generate', '--target', 'k8s', '--check'])).toMatchObject({
      code: 0,
      stdout: 'k8s/generated is up to date\n',
    });
    const registry = path.join(dir, 'services.yaml');
    await writeFile(registry, (await readFile(registry, 'utf8')).replace('LOG_LEVEL:-info', 'LOG_LEVEL:-debug'));
    const before = await filesOf(path.join(dir, 'k8s/generated'));
    const r = await runPyatIn(dir, ['generate', '--target', 'k8s', '--check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('k8s/generated/kustomization.yaml is stale');
    expect(r.stderr).toContain('-      - LOG_LEVEL=info');
    expect(r.stderr).toContain('+      - LOG_LEVEL=debug');
    expect(r.stderr).toContain('run `pyat generate --target k8s`');
    expect(await filesOf(path.join(dir, 'k8s/generated'))).toEqual(before);
    await rm(path.join(dir, 'k8s/generated/db.yaml'));
    expect((await runPyatIn(dir, ['generate', '--target', 'k8s', '--check'])).stderr).toContain('k8s/generated/db.yaml does not exist');
  });

  it.skipIf(!haveKubectl)(
    'kubectl kustomize builds the output with a dummy secrets.env, references renamed to the generated Secret',
    async () => {
      const dir = await generated(fixture);
      await writeFile(path.join(dir, 'secrets.env'), 'CACHE_PASSWORD=dummy\nDB_PASSWORD=dummy\n');
      const r = await execa('kubectl', ['kustomize', dir], { reject: false });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Doc);
      const secret = docs.find((d) => d.kind === 'Secret')!;
      expect(secret.metadata.name).toMatch(/^targets-secrets-[a-z0-9]+$/);
      expect(r.stdout).toContain(`name: ${secret.metadata.name}`);
    },
  );
});
