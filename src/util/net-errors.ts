// Socket errors, named the way a person says them. All of them mean "not reachable yet": a service
// that is still starting refuses or resets, and Docker's port proxy accepts then closes at once.

/** Socket error codes as a person says them; shared by the probes and the engine adapter. */
export const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
};

/** The short text for a socket error (`connection refused`), or undefined when it is not one. */
export function describeSocketError(err: unknown): string | undefined {
  const e = err as { code?: unknown; errors?: unknown } | null;
  if (typeof e?.code === 'string' && e.code in SOCKET_ERRORS) return SOCKET_ERRORS[e.code];
  // `net.connect` to "localhost" tries ::1 and 127.0.0.1 and reports an AggregateError of both.
  if (Array.isArray(e?.errors)) return e.errors.map(describeSocketError).find((d) => d !== undefined);
  return undefined;
}

/** The message of anything thrown, on one line. */
export function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim() || (err instanceof Error ? err.name : 'unknown error');
}
