// Probe details end up in terminals, logs and --json reports: they must never carry a password.

const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s@]*@/gi;

/** Replaces `://user:pass@` with `://user:***@`, and every occurrence of a known secret with `***`. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  // Longest first, so that a secret containing another is scrubbed whole.
  const values = secrets.filter((s): s is string => !!s).sort((a, b) => b.length - a.length);
  for (const s of values) {
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('***');
  }
  return out.replace(URL_PASSWORD, '$1***@');
}
