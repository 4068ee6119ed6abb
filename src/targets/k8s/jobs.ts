// Waiting for a one-shot job. A Job has no Service to connect to; what says it is done is its
// `Complete` condition, held by the API server. So the init container that waits for it asks the
// API (`kubectl wait --for=condition=complete`), which needs a ServiceAccount allowed to read Jobs
// in the namespace: one ServiceAccount, Role and RoleBinding, written only when some service
// depends on a job. While the Job does not exist yet or has not completed, the init container
// keeps waiting (a failure is restarted by the kubelet); a Job that failed keeps its dependents in
// Init, where `kubectl describe pod` shows which Job they wait for.

import type { Container } from 'kubernetes-types/core/v1.js';
import type { Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import type { ServiceAccount } from 'kubernetes-types/core/v1.js';

/** The official kubectl image (registry.k8s.io/kubectl, published since v1.28); its entrypoint is kubectl. */
export const DEFAULT_KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.31.0';

/** The name of the ServiceAccount (and Role, RoleBinding) of the pods that wait for a job. */
export function jobWaiterName(project: string): string {
  return `${project}-job-waiter`;
}

/** The init container that holds a pod until Job `job` has completed. */
export function jobWaitContainer(job: string, image: string): Container {
  // A negative timeout is kubectl's "wait for a week": the kubelet restarts it after that.
  return { name: `wait-${job}`, image, args: ['wait', '--for=condition=complete', '--timeout=-1s', `job/${job}`] };
}

/** The ServiceAccount, Role and RoleBinding that let a pod read Jobs in its own namespace (the binding's subject defaults to it). */
export function jobWaiterRbac(project: string, labels: Record<string, string>): (ServiceAccount | Role | RoleBinding)[] {
  const name = jobWaiterName(project);
  const metadata = { name, labels };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name }],
    },
  ];
}
