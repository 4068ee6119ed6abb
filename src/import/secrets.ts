// Secrets never leave as values: a literal secret in an env value, a URL, a command or a
// healthcheck becomes a `${VAR}` reference; the value is kept only in memory (for --env-out).
// The rules are those of issue 15: a secret-named key with a value that is not a boolean, number,
// duration or empty; a URL's password; the argument of --requirepass, redis-cli -a/--pass,
// PGPASSWORD=; the default of a secret-named ${X_PASSWORD:-literal}.

// PASSWORD, SECRET, TOKEN, API_KEY, …_KEY, CREDENTIALS: the names that say "this is a secret".
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|_KEY(?:_|$)|^KEY$|CREDENTIAL|PRIVATE/i;
const PLAIN = /^(?:|true|false|yes|no|on|off|-?\d+(?:\.\d+)?|(?:\d+(?:\.\d+)?(?:us|ms|s|m|h|d))+)$/i;
const REFERENCE = /\$\$|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@'"]*:)([^\s@'"/]+)@/gi;
const ARG_PASSWORDS: readonly [RegExp, string][] = [
  [/(--requirepass(?:=|\s+))(['"]?)([^\s'"]+)\2/g, 'REDIS_PASSWORD'],
  [/(\bredis-cli\b[^;&|\n]*?\s(?:-a|--pass)(?:=|\s+))(['"]?)([^\s'"]+)\2/g, 'REDIS_PASSWORD'],
  [/(\bPGPASSWORD=)(['"]?)([^\s'"]+)\2/g, 'PGPASSWORD'],
];
const DEFAULTED = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)([^}$]*)\}/g;

/** Whether a variable or key name says it holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Whether a value is a literal secret for a secret-named key: not a boolean, number, duration, empty, or only references. */
export function isLiteralSecret(value: string): boolean {
  if (PLAIN.test(value.trim())) return false;
  return value.replace(REFERENCE, '').trim() !== '';
}

/** How a secret was found (the report says it). */
type SecretKind = 'key' | 'url' | 'argument' | 'default';

/** One secret turned into a reference. */
export interface FoundSecret {
  variable: string;
  kind: SecretKind;
}

/** Names the variables that hold secrets: one variable per value, names derived from key and service. */
export class SecretVault {
  private readonly byValue = new Map<string, string>();
  /** Every secret's value by variable name: only --env-out writes them. */
  readonly values = new Map<string, string>();

  /** `taken`: names the source already uses for something else. */
  constructor(private readonly taken: ReadonlySet<string> = new Set()) {}

  /** The variable for this value: the one that already holds it, else the first free candidate. */
  nameFor(value: string, candidates: readonly string[]): string {
    const existing = this.byValue.get(value);
    if (existing !== undefined) return existing;
    const names = candidates.map(toVariableName);
    const free = names.find((n) => !this.values.has(n) && !this.taken.has(n));
    let name = free;
    for (let i = 2; name === undefined; i++) if (!this.values.has(`${names[0]}_${i}`)) name = `${names[0]}_${i}`;
    this.remember(name, value);
    return name;
  }

  /** Records that `name` holds `value` (a `${NAME:-value}` default names its own variable). */
  remember(name: string, value: string): void {
    if (!this.values.has(name)) this.values.set(name, value);
    if (!this.byValue.has(value)) this.byValue.set(value, name);
  }
}

/** A name made of letters, digits and _ (a service `api-gateway` gives `API_GATEWAY`). */
function toVariableName(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** The value a container sees for text as written in a Compose file (`$$` is one `$`). */
function unescape(text: string): string {
  return text.replace(/\$\$/g, '$');
}

/** Rewrites one env value: a literal secret under a secret-named key becomes `${VAR}`; else its URLs and defaults. */
export function rewriteEnvValue(service: string, key: string, value: string, vault: SecretVault): { value: string; found: FoundSecret[] } {
  if (isSecretName(key) && isLiteralSecret(value)) {
    const variable = vault.nameFor(unescape(value), [key, `${service}_${key}`]);
    return { value: `\${${variable}}`, found: [{ variable, kind: 'key' }] };
  }
  return rewriteText(value, vault, service, [`${key}_PASSWORD`, `${service}_${key}_PASSWORD`]);
}

/** Rewrites secrets inside free text (a URL's password, a password argument, a secret-named default). */
export function rewriteText(
  text: string,
  vault: SecretVault,
  service: string,
  urlNames: readonly string[],
): { value: string; found: FoundSecret[] } {
  const found: FoundSecret[] = [];
  let out = text.replace(DEFAULTED, (whole, name: string, _op: string, literal: string) => {
    if (!isSecretName(name) || !isLiteralSecret(literal)) return whole;
    vault.remember(name, unescape(literal));
    found.push({ variable: name, kind: 'default' });
    return `\${${name}}`;
  });
  out = out.replace(URL_PASSWORD, (whole, head: string, password: string) => {
    if (password.startsWith('$')) return whole;
    const variable = vault.nameFor(unescape(password), urlNames);
    found.push({ variable, kind: 'url' });
    return `${head}\${${variable}}@`;
  });
  for (const [pattern, name] of ARG_PASSWORDS) {
    out = out.replace(pattern, (whole, head: string, quote: string, password: string) => {
      if (password.startsWith('$')) return whole;
      const variable = vault.nameFor(unescape(password), [name, `${service}_${name}`]);
      found.push({ variable, kind: 'argument' });
      return `${head}${quote}\${${variable}}${quote}`;
    });
  }
  return { value: out, found };
}

/** Rewrites a command or healthcheck test in either form; a list's `--requirepass X` pair counts too. */
export function rewriteCommand(
  service: string,
  command: string | string[],
  vault: SecretVault,
): { value: string | string[]; found: FoundSecret[] } {
  const names = [`${service}_URL_PASSWORD`];
  if (typeof command === 'string') return rewriteText(command, vault, service, names);
  const found: FoundSecret[] = [];
  const redisCli = command.some((c) => /\bredis-cli\b/.test(c));
  const out = command.map((item, i) => {
    const before = command[i - 1];
    const isArgument = before === '--requirepass' || (redisCli && (before === '-a' || before === '--pass'));
    if (isArgument && !item.startsWith('$')) {
      const variable = vault.nameFor(unescape(item), ['REDIS_PASSWORD', `${service}_REDIS_PASSWORD`]);
      found.push({ variable, kind: 'argument' });
      return `\${${variable}}`;
    }
    const r = rewriteText(item, vault, service, names);
    found.push(...r.found);
    return r.value;
  });
  return { value: out, found };
}
