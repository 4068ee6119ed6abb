// One service as Kubernetes objects: its container, the workload that runs it (a Deployment, or a
// StatefulSet with a claim per named volume, since a Deployment's replicas cannot own a disk), and
// a ClusterIP Service named after it, so that `postgres:5432` in a URL means the same as in Compose.

import type { StatefulSet, Deployment } from 'kubernetes-types/apps/v1.js';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Container, PodSpec, Service, Volume, VolumeMount } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { namedVolumeOf } from '../../compose/paths.js';
import type { Registry, ServiceDef } from '../../registry/model.js';
import { containerPortsOf, probePortOf } from '../ports.js';
import { ContainerEnv, type VariableSources } from './env.js';
import { labelsOf, selectorOf } from './labels.js';
import { readinessOf } from './readiness.js';
import { jobWaiterName } from './jobs.js';
import { resourcesOf } from './resources.js';
import { waitContainers, type WaitImages } from './wait.js';
import { splitWords } from './words.js';

/** How the k8s target was asked to write the workloads. */
export interface WorkloadOptions extends WaitImages {
  wait: 'init' | 'none';
  storage: string;
}

/** The name a container port goes by: the probe's kind for the probed port, else `tcp`, then the number (unique, at most 15 characters). */
export function portName(svc: ServiceDef, container: number): string {
  const kind = svc.health.type !== 'none' && container === probePortOf(svc) ? svc.health.type : 'tcp';
  return `${kind}-${container}`;
}

interface Mounts {
  mounts: VolumeMount[];
  /** Named volumes: each a claim template of the StatefulSet. */
  claims: string[];
  /** Anonymous volumes: scratch space that lives as long as the pod, as Compose's lives as long as the container. */
  scratch: Volume[];
}

function mountsOf(svc: ServiceDef): Mounts {
  const out: Mounts = { mounts: [], claims: [], scratch: [] };
  svc.volumes.forEach((volume, i) => {
    const named = namedVolumeOf(volume);
    const parts = volume.split(':');
    const readOnly = parts.length > 2 && (parts[2] ?? '').split(',').includes('ro');
    if (named !== undefined) {
      out.claims.push(named);
      out.mounts.push({ name: named, mountPath: parts[1] ?? volume, ...(readOnly ? { readOnly } : {}) });
    } else if (!volume.includes(':')) {
      const name = `scratch-${i}`;
      out.scratch.push({ name, emptyDir: {} });
      out.mounts.push({ name, mountPath: volume });
    } // bind mounts are refused before this
  });
  return out;
}

function containerOf(svc: ServiceDef, sources: VariableSources): { container: Container; mounts: Mounts } {
  const env = new ContainerEnv(svc, sources, svc.env);
  for (const [key, raw] of Object.entries(svc.env)) env.add(key, raw);
  const port = probePortOf(svc);
  // An exec probe reaches no port; a network probe without one has nothing to check (the validators report it).
  const probes =
    port === undefined && svc.health.type !== 'exec'
      ? {}
      : readinessOf(svc.health, { port: port ?? 0, portName: port === undefined ? '' : portName(svc, port), env });
  // Compose's `entrypoint` is Kubernetes' `command`, and Compose's `command` (the image's CMD) is `args`.
  const words = (line: string | string[] | undefined) =>
    line === undefined ? undefined : (typeof line === 'string' ? splitWords(line) : line).map((w) => env.expansion(w));
  const command = words(svc.entrypoint);
  const args = words(svc.command);
  const resources = resourcesOf(svc.resources);
  const securityContext = userOf(svc.user);
  const ports = containerPortsOf(svc).map((p) => ({ name: portName(svc, p), containerPort: p, protocol: 'TCP' }));
  const mounts = mountsOf(svc);
  const vars = env.build();
  const container: Container = {
    name: svc.name,
    image: svc.image ?? '', // refused before this when missing
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    ...(svc.workingDir !== undefined ? { workingDir: svc.workingDir } : {}),
    ...(vars.length > 0 ? { env: vars } : {}),
    ...(ports.length > 0 ? { ports } : {}),
    ...probes,
    ...(mounts.mounts.length > 0 ? { volumeMounts: mounts.mounts } : {}),
    ...(resources ? { resources } : {}),
    ...(securityContext ? { securityContext } : {}),
  };
  return { container, mounts };
}

/** Compose's `user: uid[:gid]` as a security context (a user name is refused before this: Kubernetes takes numbers). */
function userOf(user: string | undefined): Container['securityContext'] {
  const m = user === undefined ? null : /^(\d+)(?::(\d+))?$/.exec(user);
  if (!m) return undefined;
  return { runAsUser: Number(m[1]), ...(m[2] !== undefined ? { runAsGroup: Number(m[2]) } : {}) };
}

/** The workload (Deployment, StatefulSet or Job) and the Service of one service. */
export function objectsOf(
  registry: Registry,
  svc: ServiceDef,
  services: ReadonlyMap<string, ServiceDef>,
  sources: VariableSources,
  opts: WorkloadOptions,
): (Deployment | StatefulSet | Job | Service)[] {
  const labels = labelsOf(registry, svc);
  const metadata: ObjectMeta = { name: svc.name, labels };
  const { container, mounts } = containerOf(svc, sources);
  const initContainers = opts.wait === 'init' ? waitContainers(svc, services, opts) : [];
  const waitsForJob = opts.wait === 'init' && svc.dependsOn.some((d) => services.get(d)?.job);
  const pod: PodSpec = {
    ...(waitsForJob ? { serviceAccountName: jobWaiterName(registry.name) } : {}),
    // A job runs once: a failure fails the Job, as Compose's service_completed_successfully fails its dependents.
    ...(svc.job ? { restartPolicy: 'Never' } : {}),
    ...(initContainers.length > 0 ? { initContainers } : {}),
    containers: [container],
    ...(mounts.scratch.length > 0 ? { volumes: mounts.scratch } : {}),
  };
  const selector = { matchLabels: selectorOf(registry, svc) };
  const template = { metadata: { labels }, spec: pod };
  const service = serviceOf(registry, svc, metadata);
  if (svc.job) return [{ apiVersion: 'batch/v1', kind: 'Job', metadata, spec: { backoffLimit: 0, template } }];
  const workload: Deployment | StatefulSet =
    mounts.claims.length === 0
      ? { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: 1, selector, template } }
      : {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata,
          spec: {
            serviceName: svc.name,
            replicas: 1,
            selector,
            template,
            volumeClaimTemplates: mounts.claims.map((name) => ({
              metadata: { name },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: opts.storage } } },
            })),
          },
        };
  return service ? [workload, service] : [workload];
}

function serviceOf(registry: Registry, svc: ServiceDef, metadata: ObjectMeta): Service | undefined {
  // Every port the container listens on: in Compose any of them is reachable from the other services.
  const ports = containerPortsOf(svc);
  if (ports.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      type: 'ClusterIP',
      selector: selectorOf(registry, svc),
      ports: ports.map((p) => ({
        name: portName(svc, p),
        port: p,
        targetPort: portName(svc, p),
        protocol: 'TCP',
      })),
    },
  };
}
