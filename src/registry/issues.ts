// Turns zod issues into Problems a user can act on: the path as written, what was expected,
// what was found, and a hint (a close key, the allowed values, or the field's description).

import type { z } from 'zod/mini';
import type { $ZodIssue } from 'zod/v4/core';
import type { Problem, SourceLocation } from '../errors.js';
import { formatPath, type Path, valueAt } from './path.js';
import { descriptionOf, keySchemaAt, knownKeysAt, schemaAt } from './schema-walk.js';
import { suggestionHint } from './suggest.js';
import { defined } from '../util/defined.js';

type Issue = $ZodIssue;
/** Maps a path to the file and line the user must look at. */
export type Locate = (path: Path) => SourceLocation | undefined;

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  object: 'a map',
  record: 'a map',
  array: 'a list',
  tuple: 'a list',
};

// Ports, port_range and flags are read before any variable is known, so `${VAR}` cannot fill them.
function notInterpolated(value: unknown): string | undefined {
  return typeof value === 'string' && value.includes('$') ? 'numbers and flags are not interpolated: write the value itself' : undefined;
}

/** `a`, `a or b`, `a, b or c`. */
function oneOf(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Names a value's kind the way YAML users think of it. */
function kindOf(v: unknown): string {
  if (v === null) return 'null (an empty value)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined) return `${typeof v} ${String(v)}`;
  return typeof v;
}

/** Converts one zod issue (of `schema` applied to `data`) into problems. */
export function issueToProblems(issue: Issue, schema: z.ZodMiniType, data: unknown, locate: Locate): Problem[] {
  const path = issue.path as Path;
  const at = formatPath(path);
  const value = valueAt(data, path);
  // At the top, the schema's description is editor prose; say what the file must be instead.
  const describe = () =>
    path.length === 0 ? 'a registry is a map with name, port_range and services' : schemaAt(schema, path, data)?.description;
  const problem = (message: string, hint?: string, where: Path = path): Problem => ({
    message,
    hint,
    location: locate(where),
    severity: 'error',
  });

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, path, data) ?? [];
      return issue.keys.map((key) => problem(`${at}: unknown key "${key}"`, suggestionHint(key, known, 'allowed keys'), [...path, key]));
    }
    case 'invalid_key': {
      const key = String(path[path.length - 1]);
      const keySchema = keySchemaAt(schema, path.slice(0, -1), data);
      const rule = (keySchema && descriptionOf(keySchema)) ?? issue.message;
      const fixed = key
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, '');
      return [problem(`${formatPath(path.slice(0, -1))}: "${key}" is not a valid name`, fixed ? `${rule}, e.g. "${fixed}"` : rule)];
    }
    case 'invalid_type':
      if (value === undefined) return [problem(`${at} is required`, describe())];
      return [
        problem(
          `${at}: expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${kindOf(value)}`,
          notInterpolated(value) ?? describe(),
        ),
      ];
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const tag = valueAt(data, path);
        if (tag === undefined)
          return [problem(`${formatPath(path.slice(0, -1))} needs a ${issue.discriminator}`, `one of: ${options.join(', ')}`)];
        return [
          problem(
            `${at}: unknown ${issue.discriminator} ${kindOf(tag).replace(/^the string /, '')}`,
            suggestionHint(typeof tag === 'string' ? tag : JSON.stringify(tag), options),
          ),
        ];
      }
      // A branch that accepted the value's kind is the one the user meant: report its issues.
      const wrongKind = (errs: Issue[]) =>
        errs.find((e) => e.path.length === 0 && e.code === 'invalid_type') as { expected: string } | undefined;
      const meant = issue.errors.filter((errs) => !wrongKind(errs));
      if (meant.length === 1) {
        return defined(meant[0], 'the branch meant').flatMap((e) =>
          issueToProblems({ ...e, path: [...path, ...e.path] }, schema, data, locate),
        );
      }
      if (meant.length === 0) {
        const kinds = [...new Set(issue.errors.map((errs) => EXPECTED[wrongKind(errs)?.expected ?? ''] ?? 'something else'))];
        return [problem(`${at}: expected ${oneOf(kinds)}, got ${kindOf(value)}`, notInterpolated(value) ?? describe())];
      }
      // Several branches take this kind (e.g. IPv4 or IPv6) and all refused its format.
      const atRoot = meant.every((errs) => errs.every((e) => e.path.length === 0));
      return [problem(`${at}: ${kindOf(value)} is ${atRoot ? 'not valid' : 'not allowed here'}`, describe())];
    }
    case 'invalid_value':
      return [problem(`${at}: ${kindOf(value)} is not allowed`, suggestionHint(String(value), issue.values.map(String)))];
    case 'invalid_format':
      return [problem(`${at}: ${kindOf(value)} is not valid`, describe())];
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      if (issue.origin === 'array') return [problem(`${at}: the list must have ${bound} items`, describe())];
      if (issue.origin === 'string') return [problem(`${at} must not be empty`, describe())];
      return [problem(`${at}: ${String(value)} is out of range; it must be ${bound}`, describe())];
    }
    case 'not_multiple_of':
      return [problem(`${at}: expected a whole number, got ${kindOf(value)}`, describe())];
    case 'custom': {
      const hint = (issue.params as { hint?: string } | undefined)?.hint;
      return [problem(path.length > 0 ? `${at}: ${issue.message}` : issue.message, hint)];
    }
    default:
      return [problem(`${at}: ${issue.message}`, describe())];
  }
}
