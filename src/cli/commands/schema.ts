// `pyat schema`: print the JSON Schema of services.yaml (committed as services.schema.json).

import { renderJsonSchema } from '../../registry/json-schema.js';
import type { CommandContext } from '../context.js';

/** Prints the JSON Schema. */
export default function schema(ctx: CommandContext): Promise<number> {
  ctx.stdout.write(renderJsonSchema());
  return Promise.resolve(0);
}
