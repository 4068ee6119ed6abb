import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registryJsonSchema, renderJsonSchema } from '../../../src/registry/json-schema.js';

const root = (name: string) => fileURLToPath(new URL(`../../../${name}`, import.meta.url));
// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;

// Compiled once: compiling is the slow part.
let compiled: ReturnType<Ajv['compile']> | undefined;
function validator() {
  if (!compiled) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    compiled = ajv.compile(registryJsonSchema());
  }
  return compiled;
}

describe('the JSON Schema of services.yaml', () => {
  it('the committed services.schema.json is up to date (run `pyat schema > services.schema.json`)', () => {
    expect(readFileSync(root('services.schema.json'), 'utf8')).toBe(renderJsonSchema());
  });

  it('names its draft, has a title, and describes its fields for editors', () => {
    const schema = registryJsonSchema() as { $schema: string; title: string; properties: Record<string, { description?: string }> };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('pyat registry (services.yaml)');
    expect(schema.properties.name!.description).toMatch(/Compose project name/);
    expect(schema.properties.services!.description).toBe('the services, by name');
  });

  it('accepts the default services.yaml', () => {
    const validate = validator();
    expect(validate(parse(readFileSync(root('services.yaml'), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses an unknown key, a malformed duration and a bad service name, as the loader does', () => {
    const validate = validator();
    expect(validate({ name: 'demo', services: { api: { image: 'x', helth: {} } } })).toBe(false);
    expect(validate({ name: 'demo', services: { api: { image: 'x', port: 8001, health: { type: 'tcp', interval: '5 seconds' } } } })).toBe(
      false,
    );
    expect(validate({ name: 'demo', services: { Api: { image: 'x' } } })).toBe(false);
    expect(validate({ name: 'demo', services: { api: { image: 'x', port: 8001, health: { type: 'tcp', interval: '1m30s' } } } })).toBe(
      true,
    );
  });
});
