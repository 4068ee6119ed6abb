// Check: Compose is installed. v2 passes; v1 works with pyat but reached end of life in July
// 2023 (Docker's own notice), so it warns; neither is a failure.

import { PyatError } from '../errors.js';
import type { ComposeCli } from '../runtime/types.js';
import { notPass, pass, type DoctorCheck } from './types.js';

/** The Compose line, from what detection found (or its error). */
export function composeVerdict(found: ComposeCli | { error: unknown }): DoctorCheck {
  if ('error' in found) {
    const err = found.error;
    return notPass('fail', 'compose', err instanceof Error ? err.message : String(err), err instanceof PyatError ? err.hint : undefined);
  }
  const what = `Compose ${found.kind} ${found.version} (${found.argv.join(' ')})`;
  if (found.kind === 'v2') return pass('compose', what);
  return notPass(
    'warn',
    'compose',
    `${what}: v1 is end-of-life since July 2023`,
    'install Compose v2 (https://docs.docker.com/compose/install/); pyat prefers it when both are present',
  );
}
