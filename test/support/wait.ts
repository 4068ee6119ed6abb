// Polling for Docker-backed tests, where "ready" is observed from the host.

/** Calls `attempt` every `intervalMs` until it returns without throwing; then throws the last error. */
export async function waitFor<T>(what: string, attempt: () => Promise<T>, { timeoutMs = 30_000, intervalMs = 200 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() >= deadline) {
        throw new Error(`${what}: not within ${timeoutMs} ms; last error: ${err instanceof Error ? err.message : String(err)}`, {
          cause: err,
        });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
