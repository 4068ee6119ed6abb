import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateAction, validateWorkflow, type ValidationState } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gitlabCiProblems } from '../../support/gitlab-ci.js';

// The CI files pyat ships, checked without GitHub or GitLab: the action and every workflow against
// SchemaStore's schemas (through @action-validator/core), the GitLab example against the structure
// of GitLab's CI keywords. Each check is also shown to fail on a misspelt key.
const repo = path.resolve(import.meta.dirname, '../../..');
const read = (file: string): string => readFileSync(path.join(repo, file), 'utf8');
const workflows = readdirSync(path.join(repo, '.github/workflows')).map((f) => `.github/workflows/${f}`);

/** The innermost messages of a validation, one line each. */
function messages(state: ValidationState): string[] {
  const walk = (errors: ValidationState['errors']): string[] =>
    errors.flatMap((e) =>
      'states' in e && e.states ? e.states.flatMap((s) => walk(s.errors)) : [`${'path' in e ? e.path : ''} ${e.detail ?? e.title}`],
    );
  return walk(state.errors);
}

describe('the GitHub Action and workflows', () => {
  it('action.yml is a valid action (SchemaStore github-action schema)', () => {
    expect(messages(validateAction(read('action.yml')))).toEqual([]);
  });

  it.each(workflows)('%s is a valid workflow (SchemaStore github-workflow schema)', (file) => {
    expect(messages(validateWorkflow(read(file)))).toEqual([]);
  });

  it('a misspelt key in a step of the action fails the check', () => {
    const broken = read('action.yml').replace('      shell: bash\n', '      shel: bash\n');
    expect(messages(validateAction(broken)).join('\n')).toContain("Additional property 'shel' is not allowed");
  });

  it('a misspelt key in a job of the workflow fails the check', () => {
    const broken = read('.github/workflows/ci.yml').replace('    runs-on: ubuntu-24.04\n', '    run-on: ubuntu-24.04\n');
    expect(messages(validateWorkflow(broken)).join('\n')).toContain("Additional property 'run-on' is not allowed");
  });

  it("the workflow's smoke job runs pyat's own action", () => {
    const steps = (parse(read('.github/workflows/ci.yml')) as { jobs: { smoke: { steps: { uses?: string }[] } } }).jobs.smoke.steps;
    expect(steps.map((s) => s.uses)).toContain('./');
  });
});

describe('the GitLab CI example', () => {
  const text = read('examples/ci/gitlab-ci.yml');

  it('holds to the structure of GitLab CI keywords, with the JUnit file as a test report', () => {
    const doc = parse(text) as Record<string, { artifacts?: { reports?: { junit?: string } } }>;
    expect(gitlabCiProblems(doc)).toEqual([]);
    expect(doc['pyat-smoke']?.artifacts?.reports?.junit).toBe('reports/pyat-junit.xml');
  });

  it('a misspelt key fails the check', () => {
    expect(gitlabCiProblems(parse(text.replace('  script:\n', '  scripts:\n')))).toContain('pyat-smoke: Unrecognized key: "scripts"');
  });
});

describe('the README', () => {
  const readme = read('README.md');
  const action = parse(read('action.yml')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };

  it.each([...new Set([...Object.keys(action.inputs), ...Object.keys(action.outputs)])])(
    'names the action’s `%s` in its "In CI" section',
    (name) => {
      const section = readme.slice(readme.indexOf('## In CI'));
      expect(section).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
    },
  );
});
