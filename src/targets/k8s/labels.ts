// The recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels):
// every object carries all five; selectors only name and instance, which never change, since a
// Deployment's selector is immutable.

import type { Registry, ServiceDef } from '../../registry/model.js';

/** All labels of a service's objects. */
export function labelsOf(registry: Registry, svc: ServiceDef): Record<string, string> {
  return {
    ...selectorOf(registry, svc),
    'app.kubernetes.io/part-of': registry.name,
    'app.kubernetes.io/component': svc.job ? 'job' : svc.infra ? 'infrastructure' : 'service',
    'app.kubernetes.io/managed-by': 'pyat',
  };
}

/** The labels that select a service's pods. */
export function selectorOf(registry: Registry, svc: ServiceDef): Record<string, string> {
  return { 'app.kubernetes.io/name': svc.name, 'app.kubernetes.io/instance': registry.name };
}

/** The labels of the objects that let pods wait for a job (they belong to no one service). */
export function waiterLabels(project: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'job-waiter',
    'app.kubernetes.io/instance': project,
    'app.kubernetes.io/part-of': project,
    'app.kubernetes.io/component': 'start-order',
    'app.kubernetes.io/managed-by': 'pyat',
  };
}
