// The list of cross-field validators, run together after the schema check. Each is small and
// named (see validators/); `validate` reports all their problems at once.

import type { Problem } from '../errors.js';
import { composeOwnedKeys, composeSchema } from './validators/compose.js';
import { dependencyCycle, unknownDependency } from './validators/graph.js';
import { dependencyWithoutProbe, healthPortIsHostPort, probeWithoutPort } from './validators/health.js';
import { envFileReadable, requiredEnvSet, requiredVariables } from './validators/env.js';
import { interpolationSyntax } from './validators/interpolation.js';
import { jobShape } from './validators/job.js';
import { hostPortConflict, portAndPorts, portOutsideRange, publishedOnAllInterfaces } from './validators/ports.js';
import type { Validator, ValidatorContext } from './validators/types.js';

export { missingRequiredEnv } from './validators/env.js';
export type { Validator, ValidatorContext } from './validators/types.js';

/** Every validator, in the order their problems are listed. */
export const VALIDATORS: readonly Validator[] = [
  unknownDependency,
  dependencyCycle,
  portAndPorts,
  hostPortConflict,
  portOutsideRange,
  publishedOnAllInterfaces,
  dependencyWithoutProbe,
  probeWithoutPort,
  healthPortIsHostPort,
  jobShape,
  envFileReadable,
  composeOwnedKeys,
  composeSchema,
  interpolationSyntax,
  requiredVariables,
  requiredEnvSet,
];

/** Runs every validator (the environment ones only with `checkEnv`) and returns all problems. */
export function runValidators(ctx: ValidatorContext, checkEnv: boolean): Problem[] {
  return VALIDATORS.filter((v) => checkEnv || !v.env).flatMap((v) => v.check(ctx));
}
