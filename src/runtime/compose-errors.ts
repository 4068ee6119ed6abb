// What went wrong in a Compose run, told from its stderr: an image that cannot be pulled gets its
// own message (the usual cause offline or with a typo), anything else its last lines.

import { EnvironmentError } from '../errors.js';

const TAIL_LINES = 5;

// What the engine says (through either Compose) when a pull fails for good, registry unreachable included.
const PULL_FAILED =
  /pull access denied|failed to resolve reference|manifest unknown|manifest for \S+ not found|repository does not exist|requested access to the resource is denied|Get "?https?:\/\/[^\s"]+\/v2\//i;
// Compose's progress lines. v1: `Pulling web (img:tag)...`; v2 (plain progress): ` web Pulling`, ` web Error`.
const PROGRESS = /^(Pulling|Creating|Building|Starting|Recreating)\b|^\S+ (Pulling|Pulled|Error|Creating|Created|Building|Built)$/;

/** What `stderr` says could not be pulled (an image, or for v2 a service's image), if it tells of a pull failure. */
export function pullFailure(stderr: string): { image?: string; service?: string } | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const progress = lines.filter((l) => PROGRESS.test(l));
  let last = progress.at(-1) ?? '';
  if (/^\S+ Error$/.test(last)) last = progress.at(-2) ?? '';
  const stoppedPulling = /^Pulling\b|^\S+ Pulling$/.test(last);
  if (!stoppedPulling && !PULL_FAILED.test(stderr)) return undefined;
  const image =
    /pull access denied for ([^\s,]+)/i.exec(stderr)?.[1] ??
    /failed to resolve reference "([^"]+)"/i.exec(stderr)?.[1] ??
    /manifest for (\S+) not found/i.exec(stderr)?.[1] ??
    /^Pulling \S+ \(([^)]+)\)/.exec(last)?.[1];
  const service = /^Pulling (\S+) \(/.exec(last)?.[1] ?? /^(\S+) Pulling$/.exec(last)?.[1];
  return { ...(image ? { image } : {}), ...(service ? { service } : {}) };
}

/** The error for a failed `compose <subcommand>`: a pull failure named as such, else stderr's tail. */
export function composeFailure(command: string, subcommand: string, stderr: string, exitCode: number | undefined): EnvironmentError {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  const pull = pullFailure(stderr);
  if (pull) {
    const what = pull.image ? `image ${pull.image}` : pull.service ? `the image of service ${pull.service}` : 'an image';
    return new EnvironmentError(
      'E_IMAGE_PULL',
      `${command} ${subcommand} failed: ${what} cannot be pulled: ${lines.at(-1)?.trim() ?? 'no reason given'}`,
      'check the image name, the network and `docker login`, or build the image locally',
    );
  }
  const tail = lines.slice(-TAIL_LINES).join('\n') || `exit code ${exitCode ?? 'unknown'}`;
  return new EnvironmentError('E_COMPOSE_FAILED', `${command} ${subcommand} failed: ${tail}`);
}
