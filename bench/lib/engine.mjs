// The few Engine API calls the benchmark makes, over the local socket with node:http: polling
// `docker inspect` by spawning the CLI every 50 ms would load the machine it measures.

import http from 'node:http';

const socketPath = (process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '');
if (process.env.DOCKER_HOST && !process.env.DOCKER_HOST.startsWith('unix://')) {
  throw new Error(`the benchmark talks to a local engine only (DOCKER_HOST=${process.env.DOCKER_HOST})`);
}

/** One request; resolves with the parsed JSON body (or undefined when empty). */
export function api(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path, headers: { host: 'docker', 'content-type': 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode >= 300 && res.statusCode !== 304) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const label = (project) => encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`] }));

/** The ids of a project's containers, networks and volumes (by Compose's project label). */
export async function projectResources(project) {
  const [containers, networks, volumes] = await Promise.all([
    api('GET', `/containers/json?all=true&filters=${label(project)}`),
    api('GET', `/networks?filters=${label(project)}`),
    api('GET', `/volumes?filters=${label(project)}`),
  ]);
  return {
    containers: containers.map((c) => c.Id),
    networks: networks.map((n) => n.Id),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
  };
}

const time = (iso) => (!iso || iso.startsWith('0001') ? undefined : Date.parse(iso));

/** Every container of a project, inspected: service, state, engine health, StartedAt and the first passing healthcheck (ms since the epoch). */
export async function projectState(project) {
  const { containers } = await projectResources(project);
  const infos = await Promise.all(containers.map((id) => api('GET', `/containers/${id}/json`).catch(() => undefined)));
  return infos.filter(Boolean).map((c) => ({
    id: c.Id,
    service: c.Config.Labels['com.docker.compose.service'],
    running: c.State.Running,
    status: c.State.Status,
    startedAt: time(c.State.StartedAt),
    health: c.State.Health?.Status,
    // The engine keeps the last 5 checks; the caller records this while it polls, before it scrolls away.
    firstPass: (c.State.Health?.Log ?? [])
      .filter((l) => l.ExitCode === 0)
      .map((l) => time(l.End))
      .sort((a, b) => a - b)[0],
  }));
}

/** When a demo service logged `<iso> <name> listening on <port>` (the container's clock is the host's). */
export async function listeningAt(id) {
  const raw = await new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: `/containers/${id}/logs?stdout=true&stderr=true`, headers: { host: 'docker' } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
  // The log stream is multiplexed (8-byte frame headers); the ISO stamp starts each line, so a plain scan suffices.
  const m = /(\d{4}-\d\d-\d\dT[\d:.]+Z) \S+ listening on/.exec(raw.toString('latin1'));
  return m ? Date.parse(m[1]) : undefined;
}

/** Removes a project's containers, networks and volumes: what `compose down -v` removes, found by label, so nothing else is touched. */
export async function removeProject(project) {
  const { containers } = await projectResources(project);
  await Promise.all(containers.map((id) => api('DELETE', `/containers/${id}?force=true&v=true`).catch(() => undefined)));
  const { networks, volumes } = await projectResources(project);
  await Promise.all(networks.map((id) => api('DELETE', `/networks/${id}`).catch(() => undefined)));
  await Promise.all(volumes.map((name) => api('DELETE', `/volumes/${name}?force=true`).catch(() => undefined)));
}

/** Whether the engine has an image of that name. */
export function imageExists(name) {
  return api('GET', `/images/${encodeURIComponent(name)}/json`).then(
    () => true,
    () => false,
  );
}

/** The engine's version and API version. */
export async function engineVersion() {
  const v = await api('GET', '/version');
  return `${v.Version} (API ${v.ApiVersion})`;
}
