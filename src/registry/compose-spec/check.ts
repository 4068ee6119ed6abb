// Checks a service's `compose:` escape hatch against the Compose Specification's service schema.
// compose-spec.json is the schema Compose v2 itself validates with (compose-go's compose_spec.json,
// as embedded in Compose 2.26; Apache-2.0, https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json).
// This module and Ajv are loaded only when a registry has a `compose:` key (see load.ts).

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Path } from '../path.js';
import { closest } from '../suggest.js';
import spec from './compose-spec.json' with { type: 'json' };

/** One way the value breaks the schema: where (inside the `compose:` map), what, and how to fix it. */
export interface ComposeSchemaIssue {
  path: Path;
  message: string;
  hint: string;
}

/** Checks one `compose:` map; returns nothing when Compose would accept it. */
export type ComposeServiceCheck = (value: Record<string, unknown>) => ComposeSchemaIssue[];

const SERVICE_KEYS = Object.keys(spec.definitions.service.properties);
const SPEC_URL = 'https://github.com/compose-spec/compose-spec/blob/main/05-services.md';

let ajv: Ajv | undefined;
const perKey = new Map<string, ValidateFunction>();

/**
 * The service schema's check. Each key's schema is compiled on its first use and kept: compiling
 * the whole service schema takes about ten times as long as the few keys a registry uses.
 */
export function composeServiceCheck(): ComposeServiceCheck {
  return (value) =>
    Object.entries(value).flatMap(([key, v]): ComposeSchemaIssue[] => {
      if (key.startsWith('x-')) return []; // extensions: anything goes (patternProperties ^x-)
      const schema = (spec.definitions.service.properties as Record<string, object>)[key];
      if (schema === undefined) {
        const near = closest(key, SERVICE_KEYS);
        return [
          {
            path: [key],
            message: `unknown key "${key}" (not in the Compose Specification)`,
            hint: near !== undefined ? `did you mean "${near}"?` : `see the keys Compose knows: ${SPEC_URL}`,
          },
        ];
      }
      const validate = validatorOf(key, schema);
      return validate(v) ? [] : issuesOf(validate.errors ?? []).map((i) => ({ ...i, path: [key, ...i.path] }));
    });
}

function validatorOf(key: string, schema: object): ValidateFunction {
  let validate = perKey.get(key);
  if (!validate) {
    // Formats (durations, ports) are Compose's own; its loader checks them when it reads the file.
    ajv ??= new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: false, validateSchema: false });
    // The key's schema with the spec's definitions beside it, so that its `#/definitions/…` refs resolve.
    validate = ajv.compile({ definitions: spec.definitions, ...schema });
    perKey.set(key, validate);
  }
  return validate;
}

/**
 * One issue per place. Ajv reports every branch of a `oneOf` that failed ("must be string", "must
 * be array"); the types are joined into one message, and a place whose inner value has its own
 * issue is left to that inner issue.
 */
function issuesOf(errors: ErrorObject[]): ComposeSchemaIssue[] {
  const byPlace = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const place = e.keyword === 'additionalProperties' ? `${e.instancePath}/${String(e.params.additionalProperty)}` : e.instancePath;
    byPlace.set(place, [...(byPlace.get(place) ?? []), e]);
  }
  const places = [...byPlace.entries()];
  return places.filter(([p]) => !places.some(([q]) => q !== p && q.startsWith(`${p}/`))).map(([place, errs]) => issueAt(place, errs));
}

function issueAt(place: string, errors: ErrorObject[]): ComposeSchemaIssue {
  const path = place
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const unknown = errors.find((e) => e.keyword === 'additionalProperties');
  if (unknown) {
    const key = String(unknown.params.additionalProperty);
    // `verbose` gives the schema of the map, and so the keys it knows.
    const known = Object.keys((unknown.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const near = closest(key, known);
    return {
      path,
      message: `unknown key "${key}" (not in the Compose Specification)`,
      hint: near !== undefined ? `did you mean "${near}"?` : `see the keys Compose knows: ${SPEC_URL}`,
    };
  }
  // A map that misses a key was meant to be the map form: say which key, not which other forms exist.
  const missing = errors.filter((e) => e.keyword === 'required').map((e) => `"${String(e.params.missingProperty)}"`);
  if (missing.length > 0) return { path, message: `needs the key ${[...new Set(missing)].join(' and ')}`, hint: `add it: ${SPEC_URL}` };
  const types = [...new Set(errors.filter((e) => e.keyword === 'type').flatMap((e) => [e.params.type as string | string[]].flat()))];
  const message =
    types.length > 0
      ? `expected ${types.map((t) => KIND[t] ?? t).join(' or ')}`
      : ((errors.find((e) => !COMBINATORS.has(e.keyword)) ?? errors[0])?.message ?? 'not valid');
  return { path, message, hint: `write it as the Compose Specification describes it: ${SPEC_URL}` };
}

const COMBINATORS = new Set(['oneOf', 'anyOf', 'allOf', 'if']);
const KIND: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'a boolean',
  object: 'a map',
  array: 'a list',
  null: 'null',
};
