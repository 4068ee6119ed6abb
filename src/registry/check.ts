// Checks the merged file against the schema. When parts are invalid, the valid services are still
// returned, so that the cross-field validators can run on them and every problem is reported at once.

import type { Problem } from '../errors.js';
import { issueToProblems, type Locate } from './issues.js';
import { isRecord, type Path, valueAt } from './path.js';
import { RegistryFileSchema, type RegistryFile, ServiceNameSchema, ServiceSchema, type ServiceFile } from './schema.js';

/** The outcome of the schema check. */
export interface SchemaCheck {
  /** The file, or its valid part when `problems` is not empty. */
  file: RegistryFile;
  /** Every service name the file declares, valid or not (so a broken service is not "unknown"). */
  declared: Set<string>;
  problems: Problem[];
}

/** Validates the merged registry data against the schema. */
export function checkSchema(data: unknown, locate: Locate): SchemaCheck {
  const services = isRecord(data) && isRecord(data.services) ? data.services : {};
  const declared = new Set(Object.keys(services));
  const result = RegistryFileSchema.safeParse(data);
  if (result.success) return { file: result.data, declared, problems: [] };
  const problems = result.error.issues.flatMap((issue) => issueToProblems(issue, RegistryFileSchema, data, locate));
  return { file: validPart(isRecord(data) ? data : {}, services), declared, problems };
}

function validPart(data: Record<string, unknown>, services: Record<string, unknown>): RegistryFile {
  const valid: Record<string, ServiceFile> = {};
  for (const [name, raw] of Object.entries(services)) {
    const service = parseIgnoringUnknownKeys(raw);
    if (ServiceNameSchema.safeParse(name).success && service) valid[name] = service;
  }
  const range = RegistryFileSchema.shape.port_range.safeParse(data.port_range);
  const gate = RegistryFileSchema.shape.gate.safeParse(data.gate);
  return {
    name: typeof data.name === 'string' ? data.name : '',
    port_range: range.success ? range.data : undefined,
    gate: gate.success ? gate.data : undefined,
    services: valid,
  };
}

// An unknown key changes nothing about a service, so the validators may still look at it (and
// report its unknown dependency in the same run). Any other schema problem leaves it out.
function parseIgnoringUnknownKeys(raw: unknown): ServiceFile | undefined {
  const first = ServiceSchema.safeParse(raw);
  if (first.success) return first.data;
  if (!first.error.issues.every((i) => i.code === 'unrecognized_keys')) return undefined;
  const copy = structuredClone(raw);
  for (const issue of first.error.issues) {
    const owner = valueAt(copy, issue.path as Path);
    if (isRecord(owner)) for (const key of issue.keys) Reflect.deleteProperty(owner, key);
  }
  const second = ServiceSchema.safeParse(copy);
  return second.success ? second.data : undefined;
}
