import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../src/registry/load.js';
import { brief, problemsOfAsync } from './helpers.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
// The values are placeholders; the test asserts they never reach a message or the model.
const env = {
  POSTGRES_PASSWORD: 'pg-secret',
  REDIS_PASSWORD: 'redis-secret',
  API_KEY: 'api-secret',
  AIRTABLE_TOKEN: 'at-secret',
  GEMINI_API_KEY: 'gm-secret',
};

describe('the default services.yaml', () => {
  it('validates with its environment set', async () => {
    const { registry, warnings } = await loadRegistry(['services.yaml'], { cwd: repo, env });
    expect(warnings).toEqual([]);
    expect(registry.name).toBe('pyairtable');
    expect([...registry.services.keys()]).toEqual([
      'postgres',
      'redis',
      'airtable-gateway',
      'mcp-server',
      'llm-orchestrator',
      'platform-services',
      'automation-services',
      'saga-orchestrator',
      'api-gateway',
      'frontend',
    ]);
  });

  it('keeps secrets as ${VAR} references in the model', async () => {
    const { registry } = await loadRegistry(['services.yaml'], { cwd: repo, env });
    const model = JSON.stringify([...registry.services.values()]);
    for (const secret of Object.values(env)) expect(model).not.toContain(secret);
    expect(registry.services.get('postgres')!.health).toMatchObject({
      type: 'postgres',
      password: expect.stringMatching(/^\$\{POSTGRES_PASSWORD:\?/),
    });
  });

  it('names every required variable that is missing, on its line', async () => {
    const problems = await problemsOfAsync(() =>
      loadRegistry(['services.yaml'], { cwd: repo, env: { ...env, REDIS_PASSWORD: '', API_KEY: undefined } }),
    );
    expect(problems.map(brief)).toEqual([
      '28: required variable REDIS_PASSWORD is empty: set REDIS_PASSWORD in .env (see .env.example) — set REDIS_PASSWORD in the environment or in .env beside services.yaml',
      '30: required variable REDIS_PASSWORD is empty: set REDIS_PASSWORD in .env (see .env.example) — set REDIS_PASSWORD in the environment or in .env beside services.yaml',
      '111: required variable API_KEY is not set: set API_KEY in .env (see .env.example) — set API_KEY in the environment or in .env beside services.yaml',
    ]);
  });
});
