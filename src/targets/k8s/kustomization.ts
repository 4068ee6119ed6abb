// The kustomization that ties the manifests together, and the secret-handling files beside it.
// The Secret is made by kustomize's secretGenerator from secrets.env, which pyat never writes:
// secrets.env.example lists the keys (names only) and .gitignore keeps secrets.env out of git.
// Both generators add a hash of the content to the name, and kustomize rewrites every reference,
// so a changed secret or default rolls the pods that read it.

import type { VariableSources } from './env.js';

/** The kustomization.yaml object for these resource files. */
export function kustomization(resources: readonly string[], sources: VariableSources): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...resources],
    ...(sources.config.size > 0
      ? {
          configMapGenerator: [
            { name: sources.configName, literals: [...sources.config].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`) },
          ],
        }
      : {}),
    ...(sources.secretKeys.size > 0 ? { secretGenerator: [{ name: sources.secretName, envs: ['secrets.env'] }] } : {}),
  };
}

/** secrets.env.example: one `KEY=` line per key of the Secret, no value. */
export function secretsExample(header: string, sources: VariableSources): string {
  return [
    `# ${header}`,
    '# Copy to secrets.env and fill in the values; `kubectl apply -k` makes the Secret from it. Never commit secrets.env.',
    ...[...sources.secretKeys].sort().map((k) => `${k}=`),
    '',
  ].join('\n');
}

/** .gitignore: secrets.env holds the real values and must never be committed. */
export function gitignore(header: string): string {
  return [`# ${header}`, 'secrets.env', ''].join('\n');
}
