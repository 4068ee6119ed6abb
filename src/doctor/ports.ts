// Check: every host port the registry publishes is free, or held by this project's own
// container (a running stack is not a problem). Asked the way preflight asks: by listening.

import { portHolding, type PortHolder } from '../launch/port-holder.js';
import type { ServiceDef } from '../registry/model.js';
import { notPass, pass, type DoctorCheck } from './types.js';
import { defined } from '../util/defined.js';

/** One port's line: `holders` is undefined when the engine could not be asked. */
export function portVerdict(svc: ServiceDef, project: string, free: boolean, holders: readonly PortHolder[] | undefined): DoctorCheck {
  const port = defined(svc.port, `the port of ${svc.name}`);
  const name = `port ${port.host}`;
  const where = `${port.bind}:${port.host} (${svc.name})`;
  if (free) return pass(name, `${where} is free`);
  const holding = portHolding(port.host, project, holders);
  if ('ours' in holding) return pass(name, `${where} is held by this project's container ${holding.ours}`);
  const taken = holding.who === undefined ? 'is taken, and the engine cannot be asked by whom' : `is taken by ${holding.who}`;
  return notPass('fail', name, `${where} ${taken}`, holding.fix);
}
