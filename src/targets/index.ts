// The targets `pyat generate --target` knows, by name; `spec` and `v1` stay accepted as the
// names the Compose dialects had before there were other targets.

import { composeSpec, composeV1 } from './compose.js';
import { docsTarget } from './docs/index.js';
import { k8sTarget } from './k8s/index.js';
import type { Target } from './types.js';

const TARGETS: Record<string, Target> = {
  compose: composeSpec,
  spec: composeSpec,
  'compose-v1': composeV1,
  v1: composeV1,
  k8s: k8sTarget,
  docs: docsTarget,
};

/** The names to list in help and errors (aliases left out). */
export const TARGET_NAMES = ['compose', 'compose-v1', 'k8s', 'docs'] as const;

/** The target called `name`, or undefined. */
export function targetNamed(name: string): Target | undefined {
  return Object.hasOwn(TARGETS, name) ? TARGETS[name] : undefined;
}
