// Check: the Docker engine answers, and which version it is. An unreachable engine is one
// `fail` line with the hint pyat gives everywhere else, never a stack.

import { PyatError } from '../errors.js';
import { notPass, pass, type DoctorCheck } from './types.js';

/** What pinging the engine gave: its versions and address, or the error. */
export type EngineAnswer = { version: string; apiVersion: string; where: string } | { error: unknown };

/** The engine's line. */
export function engineVerdict(answer: EngineAnswer): DoctorCheck {
  if (!('error' in answer)) return pass('engine', `Docker Engine ${answer.version} (API ${answer.apiVersion}) at ${answer.where}`);
  const err = answer.error;
  const message = err instanceof Error ? err.message.replace(/\s+/g, ' ') : String(err);
  const hint = err instanceof PyatError ? err.hint : undefined;
  return notPass('fail', 'engine', message, hint ?? 'start Docker, or point DOCKER_HOST at a running engine');
}
