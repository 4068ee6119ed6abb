// Start order in a cluster. Kubernetes starts everything at once; an init container per direct
// dependency holds a pod back until the dependency's Service answers. A Service routes only to
// Ready pods (kube-proxy rejects connections to a Service without ready endpoints), so a
// connection that succeeds means the dependency passed its readinessProbe: the same gate as
// `pyat up`. `--wait none` writes no init container and leaves order to readiness and restarts.

import type { Container } from 'kubernetes-types/core/v1.js';
import type { ServiceDef } from '../../registry/model.js';
import { containerPortsOf } from '../ports.js';
import { jobWaitContainer } from './jobs.js';

/** busybox's full nc (the Docker Hub image) has -z; Debian's busybox does not, so the image is a choice to make. */
export const DEFAULT_WAIT_IMAGE = 'busybox:1.36';

/** The images of the waiting init containers. */
export interface WaitImages {
  waitImage: string;
  kubectlImage: string;
}

/** The init containers that wait for each direct dependency: a job until it completed, a service until its Service answers. */
export function waitContainers(svc: ServiceDef, services: ReadonlyMap<string, ServiceDef>, images: WaitImages): Container[] {
  return svc.dependsOn.flatMap((name) => {
    const dep = services.get(name);
    if (dep?.job) return [jobWaitContainer(name, images.kubectlImage)];
    const image = images.waitImage;
    const port = dep ? containerPortsOf(dep)[0] : undefined;
    // A dependency that listens on no known port has no Service to ask: readiness and restarts order it.
    if (port === undefined) return [];
    const script = `until nc -z -w 2 ${name} ${port}; do echo "waiting for ${name}:${port}"; sleep 1; done`;
    return [{ name: `wait-${name}`, image, command: ['sh', '-c', script] }];
  });
}
