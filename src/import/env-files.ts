// The two env files import writes: `.env.example` (every variable the registry references, with
// no value, and which services use it) and, only on request, the secrets' values (--env-out).

import { byCodePoint } from '../util/compare.js';
import { referencedVariables } from './variables.js';

/** `.env.example`: `NAME=` for every referenced variable, sorted, each after a comment naming its services. */
export function envExampleText(registry: Record<string, unknown>, secretNames: ReadonlySet<string>): string {
  const users = new Map<string, string[]>();
  for (const [service, def] of Object.entries(registry.services as Record<string, unknown>)) {
    for (const name of referencedVariables(def)) users.set(name, [...(users.get(name) ?? []), service]);
  }
  const lines = ['# Every variable services.yaml references (written by pyat import). Set them in .env or the environment.', ''];
  for (const [name, services] of [...users].sort(([a], [b]) => byCodePoint(a, b))) {
    const secret = secretNames.has(name) ? ' — a secret: its value was taken out of the Compose files' : '';
    lines.push(`# used by ${services.join(', ')}${secret}`, `${name}=`);
  }
  return `${lines.join('\n')}\n`;
}

/** The secrets' values as a .env file: single-quoted, so that Compose reads them literally. */
export function envOutText(secrets: ReadonlyMap<string, string>): string {
  const lines = ['# Secret values pyat import took out of the Compose files. Keep this file private; do not commit it.'];
  for (const [name, value] of [...secrets].sort(([a], [b]) => byCodePoint(a, b))) {
    lines.push(`${name}=${value.includes("'") ? JSON.stringify(value) : `'${value}'`}`);
  }
  return `${lines.join('\n')}\n`;
}
