import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_IMAGES, projectResources, requireDocker, type ProjectResources } from '../support/docker.js';
import { demoStack, type TestStack } from '../support/pyat.js';
import { containerOf, destroyAndCheck, engineView, sql } from './up-helpers.js';

// Data across `down`, `up` and recreation, and `down` of one project beside another. Two demo
// stacks, only their Postgres started: `data` is taken down and up; `neighbour` must not notice.
const docker = await requireDocker([LOCAL_IMAGES.postgres]);

const NOTE = 'written before down';

describe.skipIf(!docker.ok)('pyat down and the data in named volumes', { timeout: 90_000 }, () => {
  let data: TestStack | undefined;
  let neighbour: TestStack | undefined;

  const up = async (s: TestStack): Promise<void> => {
    const r = await s.pyat(['up', 'postgres']);
    if (r.code !== 0) throw new Error(`up postgres of ${s.project} exited ${r.code}\n${r.stderr}\n${r.stdout}`);
  };
  const notes = (s: TestStack) => sql(s.ports.postgres!, 'SELECT body FROM notes ORDER BY id').then((rows) => rows.map((r) => r.body));
  const tableExists = (s: TestStack) =>
    sql(s.ports.postgres!, "SELECT to_regclass('public.notes') IS NOT NULL AS exists").then((rows) => rows[0]!.exists);

  beforeAll(async () => {
    [data, neighbour] = await Promise.all([demoStack('down-data'), demoStack('down-neighbour')]);
    await Promise.all([up(data), up(neighbour)]);
    for (const s of [data, neighbour]) {
      await sql(s.ports.postgres!, 'CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)');
      await sql(s.ports.postgres!, 'INSERT INTO notes (body) VALUES ($1)', [`${NOTE} (${s.project})`]);
    }
  });

  afterAll(async () => {
    await Promise.all([destroyAndCheck(data), destroyAndCheck(neighbour)]);
  });

  it('a changed definition recreates the container and keeps the data', async () => {
    const before = await containerOf(data!.project, 'postgres');
    const env = data!.registry.services.postgres!.env as Record<string, string>;
    env.PYAT_TEST_REVISION = '2';
    await data!.save();
    const r = await data!.pyat(['up', 'postgres']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('creating postgres');
    const after = await containerOf(data!.project, 'postgres');
    expect(after.id).not.toBe(before.id);
    expect(await notes(data!)).toEqual([`${NOTE} (${data!.project})`]);
  });

  it('down removes the containers and keeps the volume: the data survives down + up', async () => {
    const down = await data!.pyat(['down']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain('volumes kept');
    const left = await projectResources(data!.project);
    expect(left.containers).toEqual([]);
    expect(left.volumes).toEqual([`${data!.project}_pg-data`]);
    await up(data!);
    expect(await notes(data!)).toEqual([`${NOTE} (${data!.project})`]);
  });

  it("down --volumes removes one project and nothing of another: the neighbour's containers, networks, volumes and data stay", async () => {
    const snapshot = async (s: TestStack): Promise<ProjectResources & { started: string[] }> => ({
      ...(await projectResources(s.project)),
      started: (await engineView(s.project)).map((c) => `${c.service} ${c.id} ${c.status} ${c.rawStartedAt}`),
    });
    const before = await snapshot(neighbour!);
    // Something to lose: the neighbour has a container, a network and a volume.
    expect([before.containers.length, before.networks.length, before.volumes.length]).toEqual([1, 1, 1]);

    const down = await data!.pyat(['down', '--volumes']);
    expect(down.code, down.stderr).toBe(0);
    expect(await projectResources(data!.project)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(await snapshot(neighbour!)).toEqual(before);
    expect(await notes(neighbour!)).toEqual([`${NOTE} (${neighbour!.project})`]);
  });

  it('after down --volumes the data is gone: a new up starts with an empty database', async () => {
    await up(data!);
    expect(await tableExists(data!)).toBe(false);
  });

  it('down --volumes leaves nothing of the project behind', async () => {
    const down = await neighbour!.pyat(['down', '--volumes']);
    expect(down.code, down.stderr).toBe(0);
    expect(await projectResources(neighbour!.project)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
