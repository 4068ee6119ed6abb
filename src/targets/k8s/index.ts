// The k8s target: the registry as Kubernetes manifests under k8s/generated/, applied with
// `kubectl apply -k`. One file per service, the kustomization, and the secret-handling files.

import path from 'node:path';
import { InputError } from '../../errors.js';
import { dependencyClosure } from '../../plan/closure.js';
import { yamlText } from '../../util/yaml-text.js';
import { generatedBy } from '../header.js';
import type { GeneratedFile, Target } from '../types.js';
import { checkManifests } from './check.js';
import { collectDefaults, type VariableSources } from './env.js';
import { gitignore, kustomization, secretsExample } from './kustomization.js';
import { refusals } from './refuse.js';
import { DEFAULT_KUBECTL_IMAGE, jobWaiterRbac } from './jobs.js';
import { waiterLabels } from './labels.js';
import { DEFAULT_WAIT_IMAGE } from './wait.js';
import { objectsOf } from './workload.js';

const DEFAULT_STORAGE = '1Gi';

/** `pyat generate --target k8s`. */
export const k8sTarget: Target = {
  name: 'k8s',
  command: 'pyat generate --target k8s',
  layout: 'dir',
  defaultOutput: (baseDir) => path.join(baseDir, 'k8s', 'generated'),
  render(registry, opts) {
    // What `pyat up --profile …` would start: services without profiles, and those of the active ones.
    const services = dependencyClosure(registry, [], opts.profiles).flatMap((name) => registry.services.get(name) ?? []);
    const problems = refusals(registry, services);
    const sources: VariableSources = {
      secretName: `${registry.name}-secrets`,
      configName: `${registry.name}-config`,
      secretKeys: new Set(),
      config: new Map(),
      problems,
    };
    collectDefaults(services, sources);
    if (problems.length > 0) throw new InputError(problems, 'the registry cannot be written as Kubernetes manifests');
    const selected = new Map(services.map((s) => [s.name, s]));
    const workloadOpts = {
      wait: opts.wait ?? 'init',
      waitImage: opts.waitImage ?? DEFAULT_WAIT_IMAGE,
      kubectlImage: opts.kubectlImage ?? DEFAULT_KUBECTL_IMAGE,
      storage: opts.storage ?? DEFAULT_STORAGE,
    } as const;
    const perService: { file: string; objects: object[] }[] = services.map((svc) => ({
      file: `${svc.name}.yaml`,
      objects: objectsOf(registry, svc, selected, sources, workloadOpts),
    }));
    // Pods that wait for a job ask the API server: their ServiceAccount may read Jobs, nothing else.
    if (workloadOpts.wait === 'init' && services.some((s) => s.dependsOn.some((d) => selected.get(d)?.job))) {
      perService.unshift({ file: 'job-waiter.yaml', objects: jobWaiterRbac(registry.name, waiterLabels(registry.name)) });
    }
    if (problems.length > 0) throw new InputError(problems, 'the registry cannot be written as Kubernetes manifests');
    const wrong = checkManifests(
      perService.flatMap((f) => f.objects),
      sources,
    );
    // The checks see what the schema cannot; a failure here is pyat's bug, not the user's.
    if (wrong.length > 0) throw new Error(`the generated manifests are inconsistent: ${wrong.join('; ')}`);
    const header = generatedBy(registry.files, opts.out, k8sTarget.command);
    const file = (name: string, text: string): GeneratedFile => ({ path: path.join(opts.out, name), text });
    return [
      ...perService.map((f) => file(f.file, `# ${header}\n${f.objects.map(yamlText).join('---\n')}`)),
      file(
        'kustomization.yaml',
        `# ${header}\n${yamlText(
          kustomization(
            perService.map((f) => f.file),
            sources,
          ),
        )}`,
      ),
      file('secrets.env.example', secretsExample(header, sources)),
      file('.gitignore', gitignore(header)),
    ];
  },
};
