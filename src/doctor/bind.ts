// Check: a port published on all interfaces (`bind: 0.0.0.0`) is reachable from the whole
// network, and Docker's own iptables rules let it past a host firewall such as ufw: warn.

import type { ServiceDef } from '../registry/model.js';
import { isAllInterfaces } from '../util/addresses.js';
import { notPass, pass, type DoctorCheck } from './types.js';

/** One warning per service published on all interfaces, or one passing line. */
export function bindVerdicts(services: readonly ServiceDef[]): DoctorCheck[] {
  const open = services.flatMap((s) => (s.port && isAllInterfaces(s.port.bind) ? [{ name: s.name, port: s.port }] : []));
  if (open.length === 0) return [pass('bind', 'no service is published on all interfaces')];
  return open.map((s) =>
    notPass(
      'warn',
      `bind ${s.name}`,
      `${s.name} publishes port ${s.port.host} on all interfaces (${s.port.bind || '0.0.0.0'}): reachable from the network`,
      'publish on 127.0.0.1 (drop `bind`) unless other machines must reach it',
    ),
  );
}
