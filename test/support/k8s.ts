// Validation of generated Kubernetes manifests without a cluster: every document against the
// Kubernetes OpenAPI schema (kubernetes-models' validators are generated from it), then pyat's own
// checks (src/targets/k8s/check.ts) with the keys read back from the files as kustomize would.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { StatefulSet, Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { parseAllDocuments, parse } from 'yaml';
import { checkManifests } from '../../src/targets/k8s/check.js';

interface Validatable {
  validate(): void;
}
type Model = new (data: never) => Validatable;

const MODELS: Record<string, Model> = {
  'apps/v1 Deployment': Deployment,
  'apps/v1 StatefulSet': StatefulSet,
  'batch/v1 Job': Job,
  'v1 Service': Service,
  'v1 ConfigMap': ConfigMap,
  'v1 ServiceAccount': ServiceAccount,
  'rbac.authorization.k8s.io/v1 Role': Role,
  'rbac.authorization.k8s.io/v1 RoleBinding': RoleBinding,
};

/** Every problem with the manifests in `dir` (empty when all is well), and the documents read. */
export async function validateManifestDir(dir: string): Promise<{ problems: string[]; documents: Record<string, unknown>[] }> {
  const problems: string[] = [];
  const kustomization = parse(await readFile(path.join(dir, 'kustomization.yaml'), 'utf8')) as {
    resources: string[];
    configMapGenerator?: { literals: string[] }[];
  };
  const documents: Record<string, unknown>[] = [];
  for (const file of kustomization.resources) {
    for (const doc of parseAllDocuments(await readFile(path.join(dir, file), 'utf8'))) {
      if (doc.errors.length > 0) problems.push(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const obj = doc.toJS() as { apiVersion?: string; kind?: string };
      documents.push(obj);
      const Model = MODELS[`${obj.apiVersion ?? ''} ${obj.kind ?? ''}`];
      if (!Model) problems.push(`${file}: no schema for ${obj.apiVersion ?? ''} ${obj.kind ?? ''}`);
      else {
        try {
          new Model(obj as never).validate();
        } catch (err) {
          problems.push(`${file}: ${(err as Error).message}`);
        }
      }
    }
  }
  const config = new Map(
    (kustomization.configMapGenerator?.[0]?.literals ?? []).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  );
  // The ConfigMap kustomize will make, validated like the rest.
  try {
    new ConfigMap({ metadata: { name: 'config' }, data: Object.fromEntries(config) }).validate();
  } catch (err) {
    problems.push(`configMapGenerator: ${(err as Error).message}`);
  }
  const example = await readFile(path.join(dir, 'secrets.env.example'), 'utf8');
  const secretKeys = new Set(example.split('\n').flatMap((l) => (/^[A-Za-z_]\w*=$/.test(l) ? [l.slice(0, -1)] : [])));
  problems.push(...checkManifests(documents, { secretKeys, config }));
  return { problems, documents };
}

/** Every file of a directory, recursively, with its text (for byte comparisons and secret scans). */
export async function filesOf(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: Record<string, string> = {};
  for (const e of entries.filter((x) => x.isFile()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(e.parentPath, e.name);
    out[path.relative(dir, full)] = await readFile(full, 'utf8');
  }
  return out;
}
