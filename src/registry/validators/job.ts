// Validators of one-shot jobs (`job: true`): a job is ready when it has exited 0, so a probe, a
// published port, smoke checks or a restart policy that starts it again have no meaning on it.

import type { Problem } from '../../errors.js';
import type { ServiceDef } from '../model.js';
import { errorAt, type Validator } from './types.js';

// A job that the engine starts again after it exits 0 never stays completed.
const RESTARTS = /^(?:always|unless-stopped)$/;

/** What a job declares that a job cannot have, each with the key to remove. */
export const jobShape: Validator = {
  name: 'job-shape',
  check: (ctx) =>
    [...ctx.registry.services.values()]
      .filter((s) => s.job)
      .flatMap((s): Problem[] => {
        const at = (key: string, what: string, hint: string) => errorAt(ctx, ['services', s.name, key], `job "${s.name}" ${what}`, hint);
        return [
          ...(s.health.type !== 'none'
            ? [
                at(
                  'health',
                  `has a ${s.health.type} probe`,
                  'remove health: a job is ready once it has exited 0, and its dependents wait for that',
                ),
              ]
            : []),
          ...(hasPort(s) ? [at('port', 'publishes a port', 'remove the port: a job runs to completion and serves nothing')] : []),
          ...(s.smoke.length > 0 ? [at('smoke', 'has smoke checks', 'remove smoke: a job serves nothing to check')] : []),
          ...(s.restart !== undefined && RESTARTS.test(s.restart)
            ? [
                at(
                  'restart',
                  `has restart: ${s.restart}, which starts it again after it completes`,
                  'remove restart, or use on-failure to retry a failed job',
                ),
              ]
            : []),
        ];
      }),
};

function hasPort(s: ServiceDef): boolean {
  return s.ports.length > 0;
}
