// The engine's own cost of starting a created container: from the start request to the
// container's StartedAt. It bounds any gate from below, pyat's and Compose's alike. Measured on
// copies of the checkout container Compose creates (same image, network, published port), each
// created, started once, removed; API and `docker start` (the CLI adds its own start-up) alternate.

import { composeArgs } from '../lib/compose.mjs';
import { api, removeProject } from '../lib/engine.mjs';
import { must } from '../lib/measure.mjs';

/** `runs` starts by each route: ms from the request to StartedAt, and to the end of the call. */
export async function engineStartRuns(compose, composeFile, project, runs) {
  const out = { api: [], apiReturn: [], cli: [] };
  await removeProject(project);
  try {
    await must(compose.argv[0], composeArgs(compose, project, composeFile, ['up', '--no-start', 'checkout']));
    const [template] = await api(
      'GET',
      `/containers/json?all=true&filters=${encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`, 'com.docker.compose.service=checkout'] }))}`,
    );
    const spec = await api('GET', `/containers/${template.Id}/json`);
    await api('DELETE', `/containers/${template.Id}?force=true`);
    const body = {
      ...spec.Config,
      HostConfig: spec.HostConfig,
      NetworkingConfig: {
        EndpointsConfig: Object.fromEntries(Object.entries(spec.NetworkSettings.Networks).map(([net, e]) => [net, { Aliases: e.Aliases }])),
      },
    };
    for (let i = 0; i < runs; i += 1) {
      for (const route of ['api', 'cli']) {
        const { Id: id } = await api('POST', `/containers/create?name=${project}_checkout_${route}${i}`, body);
        const asked = Date.now();
        if (route === 'api') {
          await api('POST', `/containers/${id}/start`);
          out.apiReturn.push(Date.now() - asked);
        } else await must('docker', ['start', id]);
        const startedAt = Date.parse((await api('GET', `/containers/${id}/json`)).State.StartedAt);
        out[route].push(startedAt - asked);
        await api('DELETE', `/containers/${id}?force=true`);
      }
    }
  } finally {
    await removeProject(project);
  }
  return out;
}
