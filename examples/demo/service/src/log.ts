// One line per event on stdout, prefixed with an ISO timestamp: benchmarks parse
// `<iso> <service> listening on <port>` to learn the exact moment a service became reachable.

/** Writes `<iso timestamp> <service> <message>` to stdout. */
export type Log = (message: string) => void;

/** A logger that stamps each line with the time it is written. */
export function createLog(service: string): Log {
  return (message) => {
    process.stdout.write(`${new Date().toISOString()} ${service} ${message}\n`);
  };
}
