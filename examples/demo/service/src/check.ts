// The shape shared by every upstream check, and the per-check time budget.

/** One upstream that /health asks. `run` resolves to null when it answers, else to why not. */
export interface UpstreamCheck {
  /** How /health names the upstream; never holds a password. */
  upstream: string;
  run(): Promise<string | null>;
  close(): Promise<void>;
}

/** Runs a check within `ms`; a check that does not settle in time counts as a failure. */
export async function withinBudget(check: UpstreamCheck, ms: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${ms} ms`), ms);
  });
  try {
    return await Promise.race([check.run().catch((err: unknown) => errorText(err)), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The message of an error, whatever was thrown. */
export function errorText(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return errorText(err.errors[0]);
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** `scheme://host:port/path` of a URL, without credentials, for messages. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}
