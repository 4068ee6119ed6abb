// The test process's connection to the Docker engine, and what a Compose project left on it.
import Docker from 'dockerode';
import { resolveDockerEndpoint } from '../../src/runtime/docker-host.js';

let client: Docker | undefined;

/** The test process's dockerode client, pointed where the docker CLI would point (DOCKER_HOST & co.). */
export function dockerClient(): Docker {
  client ??= new Docker(resolveDockerEndpoint(process.env).options);
  return client;
}

/** What carries a Compose project's label, by name (containers in every state). */
export interface ProjectResources {
  containers: string[];
  networks: string[];
  volumes: string[];
}

const projectFilter = (name: string) => ({ label: [`com.docker.compose.project=${name}`] });

/** Everything labelled `com.docker.compose.project=<name>`: what a clean teardown must leave empty. */
export async function projectResources(name: string): Promise<ProjectResources> {
  const docker = dockerClient();
  const filters = projectFilter(name);
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return {
    containers: containers.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id),
    networks: networks.map((n) => n.Name),
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed as always there, but the engine sends null when there is none
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
  };
}

/**
 * Volumes the project's containers mount. Anonymous volumes (an image's VOLUME, such as the
 * Postgres data dir) carry no project label, so a label search alone would never see one leak.
 */
export async function mountedVolumes(name: string): Promise<string[]> {
  const docker = dockerClient();
  const containers = await docker.listContainers({ all: true, filters: projectFilter(name) });
  return containers.flatMap((c) => c.Mounts.filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name as string));
}

/** Of `names`, the volumes that still exist. */
export async function existingVolumes(names: readonly string[]): Promise<string[]> {
  const docker = dockerClient();
  const found = await Promise.all(
    names.map((n) =>
      docker
        .getVolume(n)
        .inspect()
        .then(
          () => n,
          () => undefined,
        ),
    ),
  );
  return found.filter((n): n is string => n !== undefined);
}

/** Removes whatever still carries the project's label (containers first: they hold the rest). */
export async function removeProjectResources(name: string): Promise<void> {
  const docker = dockerClient();
  // Docker 20.10 frees a removed container's network endpoint a moment later, so a network can
  // refuse removal once ("has active endpoints"): what is left is retried for up to 10 s.
  for (let attempt = 0; attempt < 50; attempt++) {
    const left = await projectResources(name);
    if (!left.containers.length && !left.networks.length && !left.volumes.length) return;
    await Promise.allSettled(left.containers.map((c) => docker.getContainer(c).remove({ force: true, v: true })));
    await Promise.allSettled([
      ...left.networks.map((n) => docker.getNetwork(n).remove()),
      ...left.volumes.map((v) => docker.getVolume(v).remove()),
    ]);
    await new Promise((r) => setTimeout(r, 200));
  }
}
