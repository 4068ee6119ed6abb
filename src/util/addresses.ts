// The addresses that mean "every interface". The registry writes 0.0.0.0 or ::; the engine reports
// a port published on all interfaces with an empty host IP, or 0.0.0.0, or ::.

const ALL_INTERFACES: ReadonlySet<string> = new Set(['0.0.0.0', '::', '']);

/** Whether `address` (a registry `bind` or an engine's host IP) means every interface. */
export function isAllInterfaces(address: string): boolean {
  return ALL_INTERFACES.has(address);
}
