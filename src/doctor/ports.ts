// Check: every host port the registry publishes is free, or held by this project's own
// container (a running stack is not a problem). Asked the way preflight asks: by listening.

import type { PortSpec, ServiceDef } from '../registry/model.js';
import { notPass, pass, type DoctorCheck } from './types.js';

/** A container publishing a port. */
export interface PortHolder {
  name: string;
  project?: string;
}

/** One port's line: `holders` is undefined when the engine could not be asked. */
export function portVerdict(
  svc: ServiceDef,
  port: PortSpec,
  project: string,
  free: boolean,
  holders: readonly PortHolder[] | undefined,
): DoctorCheck {
  const name = `port ${port.host}`;
  const where = `${port.bind}:${port.host} (${svc.name})`;
  if (free) return pass(name, `${where} is free`);
  const ours = holders?.find((h) => h.project === project);
  if (ours) return pass(name, `${where} is held by this project's container ${ours.name}`);
  if (holders === undefined) {
    return notPass(
      'fail',
      name,
      `${where} is taken, and the engine cannot be asked by whom`,
      `find it with \`ss -ltnp 'sport = :${port.host}'\`, or change the port in the registry`,
    );
  }
  const other = holders[0];
  if (other) {
    return notPass(
      'fail',
      name,
      `${where} is taken by container ${other.name}${other.project ? ` of project ${other.project}` : ''}`,
      `stop it (docker stop ${other.name}) or change the port in the registry`,
    );
  }
  return notPass(
    'fail',
    name,
    `${where} is taken by another process`,
    `find it with \`ss -ltnp 'sport = :${port.host}'\` and stop it, or change the port in the registry`,
  );
}
