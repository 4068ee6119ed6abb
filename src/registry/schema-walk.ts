// Finds the schema that governs one path of the file, so that a schema problem can say which
// keys are allowed there and what the value should look like (its description).

import { globalRegistry } from 'zod/mini';
import type { z } from 'zod/mini';
import { isRecord, type Path, valueAt } from './path.js';
import { defined } from '../util/defined.js';

type Schema = z.ZodMiniType;
interface Def {
  type: string;
  innerType?: Schema;
  shape?: Record<string, Schema>;
  valueType?: Schema;
  keyType?: Schema;
  element?: Schema;
  items?: Schema[];
  options?: Schema[];
  discriminator?: string;
  values?: unknown[];
}

const defOf = (s: Schema) => s.def as unknown as Def;
/** What `z.describe()` (or the description in `z.meta()`) said of `s`. */
export const descriptionOf = (s: Schema): string | undefined => globalRegistry.get(s)?.description;

/** Strips optional/nullable wrappers, keeping the innermost description seen on the way. */
function unwrap(s: Schema, description?: string): { schema: Schema; description?: string } {
  let d = descriptionOf(s) ?? description;
  let cur = s;
  for (let inner = defOf(cur).innerType; inner; inner = defOf(cur).innerType) {
    cur = inner;
    d = descriptionOf(cur) ?? d;
  }
  return { schema: cur, description: d };
}

/** Picks the branch of a union that the value was meant for (by discriminator, else by shape). */
function pickBranch(def: Def, value: unknown): Schema | undefined {
  const options = def.options ?? [];
  if (def.discriminator && isRecord(value)) {
    const key = def.discriminator;
    const tag = value[key];
    return options.find((o) => {
      const field = defOf(o).shape?.[key];
      return field !== undefined && defOf(field).values?.includes(tag);
    });
  }
  const kind = Array.isArray(value) ? ['array', 'tuple'] : isRecord(value) ? ['object', 'record'] : [typeof value];
  return options.find((o) => kind.includes(unwrap(o).schema.def.type));
}

/** The schema at `path` (given the file's value, to choose union branches) and its description. */
export function schemaAt(root: Schema, path: Path, data: unknown): { schema: Schema; description?: string } | undefined {
  let { schema, description } = unwrap(root);
  for (let i = 0; i <= path.length; i++) {
    const def = defOf(schema);
    if (def.type === 'union') {
      const branch = pickBranch(def, valueAt(data, path.slice(0, i)));
      if (!branch) return i === path.length ? { schema, description } : undefined;
      ({ schema, description } = unwrap(branch, description));
    }
    if (i === path.length) break;
    const seg = defined(path[i], 'a path segment');
    const d = defOf(schema);
    const next =
      d.type === 'object'
        ? d.shape?.[String(seg)]
        : d.type === 'record'
          ? d.valueType
          : d.type === 'array'
            ? d.element
            : d.type === 'tuple' && typeof seg === 'number'
              ? d.items?.[seg]
              : undefined;
    if (!next) return undefined;
    // A list item without a description of its own is described by its list.
    ({ schema, description } = unwrap(next, d.type === 'array' ? description : undefined));
  }
  return { schema, description };
}

/** The keys an object at `path` may have, or undefined when the path is not an object. */
export function knownKeysAt(root: Schema, path: Path, data: unknown): string[] | undefined {
  const found = schemaAt(root, path, data);
  const shape = found && defOf(found.schema).shape;
  return shape ? Object.keys(shape) : undefined;
}

/** The schema of the keys of the map (record) at `path`, e.g. the service-name rule. */
export function keySchemaAt(root: Schema, path: Path, data: unknown): Schema | undefined {
  const found = schemaAt(root, path, data);
  return found && defOf(found.schema).keyType;
}
