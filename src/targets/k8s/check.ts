// pyat's own checks of the manifests, for what the Kubernetes schema cannot see: names a cluster
// accepts, selectors that match the pods, `$(NAME)` used only after NAME is defined (else
// Kubernetes leaves the text as is, silently), probes aimed at declared ports, and every Secret and
// ConfigMap key a pod reads listed where the kustomization makes it.

import type { Container, PodSpec, Probe } from 'kubernetes-types/core/v1.js';
import { DNS_1123_LABEL, DNS_LABEL } from './refuse.js';

/** A manifest as the checks read it. */
interface KubeObject {
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: unknown;
}

type PodOwnerSpec = {
  selector?: { matchLabels?: Record<string, string> };
  template?: { metadata?: { labels?: Record<string, string> }; spec?: PodSpec };
};

/** The keys the kustomization provides. */
export interface ProvidedKeys {
  secretKeys: ReadonlySet<string>;
  config: ReadonlyMap<string, string>;
}

// IANA service name: at most 15 characters, a letter somewhere, no leading, trailing or double dash.
const PORT_NAME = /^(?!.*--)[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

/** Every inconsistency found, one line each; empty when the manifests hold together. */
export function checkManifests(objects: readonly KubeObject[], keys: ProvidedKeys): string[] {
  const out: string[] = [];
  const podLabels: Record<string, string>[] = [];
  for (const obj of objects) {
    const name = obj.metadata?.name ?? '';
    const what = `${obj.kind ?? '?'} ${name}`;
    if (!(obj.kind === 'Service' ? DNS_LABEL : DNS_1123_LABEL).test(name) || name.length > 63) out.push(`${what}: not a valid name`);
    const spec = obj.spec as PodOwnerSpec | undefined;
    const pod = spec?.template?.spec;
    if (!pod) continue;
    const labels = spec.template?.metadata?.labels ?? {};
    podLabels.push(labels);
    if (spec.selector?.matchLabels && !within(spec.selector.matchLabels, labels))
      out.push(`${what}: the selector does not match the pod's labels`);
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) out.push(...checkContainer(`${what} container ${c.name}`, c, keys));
  }
  for (const obj of objects) {
    const selector = obj.kind === 'Service' ? (obj.spec as { selector?: Record<string, string> }).selector : undefined;
    if (selector && !podLabels.some((labels) => within(selector, labels))) out.push(`Service ${obj.metadata?.name ?? ''}: selects no pod`);
  }
  return out;
}

function within(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The names `$(NAME)` refers to in a value; `$$` is an escaped `$`. */
export function expansionsOf(value: string): string[] {
  const names: string[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '$') continue;
    if (value[i + 1] === '$') i++;
    else if (value[i + 1] === '(') {
      const close = value.indexOf(')', i);
      if (close > 0) names.push(value.slice(i + 2, close));
    }
  }
  return names;
}

function checkContainer(what: string, c: Container, keys: ProvidedKeys): string[] {
  const out: string[] = [];
  if (!DNS_1123_LABEL.test(c.name) || c.name.length > 63) out.push(`${what}: not a valid container name`);
  const defined = new Set<string>();
  for (const e of c.env ?? []) {
    for (const ref of expansionsOf(e.value ?? ''))
      if (!defined.has(ref)) out.push(`${what}: ${e.name} uses $(${ref}) before it is defined`);
    const secret = e.valueFrom?.secretKeyRef?.key;
    if (secret !== undefined && !keys.secretKeys.has(secret)) out.push(`${what}: secret key ${secret} is not in secrets.env.example`);
    const config = e.valueFrom?.configMapKeyRef?.key;
    if (config !== undefined && !keys.config.has(config)) out.push(`${what}: config key ${config} is not in the ConfigMap`);
    defined.add(e.name);
  }
  for (const arg of c.args ?? [])
    for (const ref of expansionsOf(arg)) if (!defined.has(ref)) out.push(`${what}: an argument uses $(${ref}), which is not defined`);
  const names = new Set((c.ports ?? []).map((p) => p.name));
  const numbers = new Set((c.ports ?? []).map((p) => p.containerPort));
  for (const p of c.ports ?? []) if (p.name !== undefined && !PORT_NAME.test(p.name)) out.push(`${what}: port name ${p.name} is not valid`);
  for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
    const port = probePort(probe);
    if (port !== undefined && !(typeof port === 'number' ? numbers.has(port) : names.has(port)))
      out.push(`${what}: a probe targets port ${port}, which the container does not declare`);
  }
  return out;
}

function probePort(probe: Probe | undefined): string | number | undefined {
  return probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
}
