// The JSON Schema of services.yaml, generated from the zod schema so the two cannot disagree.
// Editors use it (services.yaml's first line points yaml-language-server at it).

import { toJSONSchema } from 'zod/mini';
import { RegistryFileSchema } from './schema.js';

/** The JSON Schema (draft-07, the draft editors support best) as an object. */
export function registryJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, ...rest } = toJSONSchema(RegistryFileSchema, { target: 'draft-7' }) as Record<string, unknown>;
  // Draft, title and description first, so the file reads from the top.
  return { $schema, title, description, ...rest };
}

/** The JSON Schema as the text of services.schema.json. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(registryJsonSchema(), null, 2)}\n`;
}
