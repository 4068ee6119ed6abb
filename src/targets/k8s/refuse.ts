// What the registry can say and Kubernetes cannot: each found up front, with the service's file
// and line and the fix, so that nothing is written (exit 2) rather than something wrong.

import { basename } from 'node:path';
import type { Problem } from '../../errors.js';
import type { Registry, ServiceDef } from '../../registry/model.js';
import { namedVolumeOf } from '../../compose/paths.js';

/** A DNS-1035 label: Service names (and so service names) must be one. */
export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 label: volume and container names. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// What an env var name may be (Kubernetes' validation before the relaxed rule of 1.30, so every cluster accepts it).
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
// `wait-<dependency>` names an init container, which is a 63-character label.
const MAX_SERVICE_NAME = 63 - 'wait-'.length;
// A project name is a label value and the start of the Secret's and ConfigMap's names.
const MAX_PROJECT_NAME = 63 - '-secrets'.length;

function at(svc: ServiceDef | undefined, message: string, hint: string): Problem {
  return { message, hint, severity: 'error', ...(svc?.location ? { location: svc.location } : {}) };
}

/** Every problem that stops the k8s target for these services. */
export function refusals(registry: Registry, services: readonly ServiceDef[]): Problem[] {
  const problems: Problem[] = [];
  if (!DNS_1123_LABEL.test(registry.name) || registry.name.length > MAX_PROJECT_NAME) {
    problems.push({
      message: `the project name "${registry.name}" is not a valid Kubernetes name`,
      hint: `use lowercase letters, digits and -, at most ${MAX_PROJECT_NAME} characters (no _), in \`name:\` or with -p`,
      severity: 'error',
      // The file as messages show it (each service knows it); the model keeps no line for `name:`.
      location: { file: services.find((s) => s.location)?.location?.file ?? basename(registry.files[0] ?? 'services.yaml'), line: 1 },
    });
  }
  for (const svc of services) problems.push(...serviceRefusals(svc));
  return problems;
}

function serviceRefusals(svc: ServiceDef): Problem[] {
  const out: Problem[] = [];
  const name = `service "${svc.name}"`;
  if (!DNS_LABEL.test(svc.name) || svc.name.length > MAX_SERVICE_NAME) {
    out.push(
      at(
        svc,
        `${name} is not a valid Kubernetes name`,
        `start with a letter, end with a letter or digit, at most ${MAX_SERVICE_NAME} characters`,
      ),
    );
  }
  if (!svc.image)
    out.push(
      at(
        svc,
        `${name} has build: but no image:, and a cluster cannot build`,
        'add image: <registry>/<name>:<tag> and push the built image there',
      ),
    );
  else if (svc.image.includes('$'))
    out.push(at(svc, `${name}: the image "${svc.image}" holds a variable, which a manifest cannot`, 'write the image name in full'));
  for (const volume of svc.volumes) {
    const named = namedVolumeOf(volume);
    if (volume.includes(':') && named === undefined) {
      out.push(
        at(
          svc,
          `${name} mounts the host path of "${volume}", which a cluster node does not have`,
          'use a named volume (name:/path) or bake the files into the image',
        ),
      );
    } else if (named !== undefined && !DNS_1123_LABEL.test(named)) {
      out.push(
        at(
          svc,
          `${name}: the volume name "${named}" is not a valid Kubernetes name`,
          'rename it with lowercase letters, digits and - only',
        ),
      );
    }
  }
  for (const key of Object.keys(svc.env).filter((k) => !ENV_NAME.test(k))) {
    out.push(
      at(
        svc,
        `${name}: the variable name "${key}" is not one Kubernetes accepts`,
        'use letters, digits, _, - and ., not starting with a digit',
      ),
    );
  }
  for (const file of svc.envFile) {
    out.push(
      at(
        svc,
        `${name} reads env_file ${file}, which a cluster does not have`,
        'list its variables under env: as ${VAR} references (their values go to secrets.env)',
      ),
    );
  }
  if (svc.user !== undefined && !/^\d+(?::\d+)?$/.test(svc.user)) {
    out.push(
      at(
        svc,
        `${name} runs as user "${svc.user}", but Kubernetes takes a numeric user id`,
        'write user: as uid or uid:gid (e.g. 1000:1000)',
      ),
    );
  }
  if (svc.health.type === 'http' && svc.health.expect !== undefined && (svc.health.expect < 200 || svc.health.expect > 399)) {
    out.push(
      at(
        svc,
        `${name} expects HTTP ${svc.health.expect}, but an httpGet probe passes only on 200–399`,
        'expect a status from 200 to 399, or use an exec probe',
      ),
    );
  }
  return out;
}
