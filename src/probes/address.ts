// How probes write where they look, for `target` and messages.

/** `host:port`, with an IPv6 literal in brackets as URLs want it. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
