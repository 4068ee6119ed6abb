// The structure of a `.gitlab-ci.yml`, for checking pyat's GitLab example without GitLab. No
// well-kept npm package ships GitLab's own CI schema for Node 20 (gitlab-ci-local bundles it into
// code that needs Node 22), so this holds the keywords of GitLab's CI reference
// (docs.gitlab.com/ci/yaml) that a smoke job uses, strictly: an unknown or misspelt key fails.

import { z } from 'zod';

const stringList = z.union([z.string(), z.array(z.string())]);
const script = z.union([z.string(), z.array(z.union([z.string(), z.array(z.string())])).nonempty()]);
const image = z.union([
  z.string(),
  z.strictObject({ name: z.string(), entrypoint: z.array(z.string()).optional(), pull_policy: stringList.optional() }),
]);
const service = z.union([
  z.string(),
  z.strictObject({
    name: z.string(),
    alias: z.string().optional(),
    entrypoint: z.array(z.string()).optional(),
    command: z.array(z.string()).optional(),
    variables: z.record(z.string(), z.string()).optional(),
  }),
]);
const variables = z.record(z.string(), z.union([z.string(), z.number(), z.strictObject({ value: z.string(), description: z.string() })]));
const when = z.enum(['on_success', 'on_failure', 'always']);

/** One job: the keywords GitLab accepts on a job that pyat's example may use. */
const job = z.strictObject({
  stage: z.string().optional(),
  image: image.optional(),
  services: z.array(service).optional(),
  variables: variables.optional(),
  before_script: script.optional(),
  script,
  after_script: script.optional(),
  tags: z.array(z.string()).optional(),
  timeout: z.string().optional(),
  interruptible: z.boolean().optional(),
  rules: z.array(z.record(z.string(), z.unknown())).optional(),
  artifacts: z
    .strictObject({
      when: when.optional(),
      expire_in: z.string().optional(),
      name: z.string().optional(),
      paths: z.array(z.string()).optional(),
      expose_as: z.string().optional(),
      reports: z.strictObject({ junit: stringList.optional() }).optional(),
    })
    .optional(),
});

const globals = {
  stages: z.array(z.string()).optional(),
  variables: variables.optional(),
  default: z.record(z.string(), z.unknown()).optional(),
};

/** Problems of a parsed `.gitlab-ci.yml`, one line each (`path: message`); none when it holds. */
export function gitlabCiProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const top = z.looseObject(globals).safeParse(doc);
  if (!top.success) return top.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const stages = top.data.stages ?? ['build', 'test', 'deploy'];
  for (const [name, value] of Object.entries(doc as Record<string, unknown>)) {
    if (name in globals || name.startsWith('.')) continue;
    const parsed = job.safeParse(value);
    if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${[name, ...i.path].join('.')}: ${i.message}`));
    else if (parsed.data.stage !== undefined && !stages.includes(parsed.data.stage))
      problems.push(`${name}.stage: "${parsed.data.stage}" is not one of the stages (${stages.join(', ')})`);
  }
  return problems;
}
