// Check: a port published on all interfaces (`bind: 0.0.0.0`) is reachable from the whole
// network, and Docker's own iptables rules let it past a host firewall such as ufw: warn.

import type { ServiceDef } from '../registry/model.js';
import { notPass, pass, type DoctorCheck } from './types.js';

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '']);

/** One warning per service published on all interfaces, or one passing line. */
export function bindVerdicts(services: readonly ServiceDef[]): DoctorCheck[] {
  const open = services.flatMap((s) => s.ports.filter((p) => ALL_INTERFACES.has(p.bind)).map((port) => ({ s, port })));
  if (open.length === 0) return [pass('bind', 'no service is published on all interfaces')];
  return open.map(({ s, port }) =>
    notPass(
      'warn',
      `bind ${s.name}`,
      `${s.name} publishes port ${port.host} on all interfaces (${port.bind || '0.0.0.0'}): reachable from the network`,
      'publish on 127.0.0.1 (drop `bind`) unless other machines must reach it',
    ),
  );
}
