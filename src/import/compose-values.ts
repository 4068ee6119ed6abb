// The forms Compose accepts for one value, read into one shape: environment (list or map), a
// port (short or long syntax), a volume's target, depends_on (list or map). Used by the merge
// (which key identifies an item) and by the mapping (what the item says).

/** Splits at `sep`, but not inside `${…}` (a port may be written `${WEB_PORT:-8000}:80`). */
function splitOutsideBraces(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '$' && text.charAt(i + 1) === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (c === sep && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Entries of an environment-like value (list of `K=V` / `K`, or a map); `null` is a bare `K`. */
export function keyValueEntries(value: unknown): [string, string | null][] {
  if (Array.isArray(value)) {
    return value.map((item) => {
      const text = String(item);
      const eq = text.indexOf('=');
      return eq === -1 ? [text, null] : [text.slice(0, eq), text.slice(eq + 1)];
    });
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => [k, v === null || v === undefined ? null : scalarText(v)]);
  }
  return [];
}

/** A YAML scalar as text, the way Compose turns it into a string. */
export function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** One port entry: the address, host port and protocol are optional in Compose. */
export interface PortEntry {
  ip?: string;
  published?: string;
  target: string;
  protocol: string;
}

/** Reads a port in short (`[ip:][host:]container[/proto]`) or long syntax. */
export function parsePort(value: unknown): PortEntry | undefined {
  if (typeof value === 'number') return { target: String(value), protocol: 'tcp' };
  if (typeof value === 'string') {
    let text = value;
    let protocol = 'tcp';
    const slash = text.lastIndexOf('/');
    if (slash !== -1 && !text.slice(slash).includes('}')) {
      protocol = text.slice(slash + 1);
      text = text.slice(0, slash);
    }
    let ip: string | undefined;
    const v6 = /^\[([^\]]+)\]:(.*)$/.exec(text);
    if (v6) {
      ip = v6[1];
      text = v6[2] ?? '';
    }
    const parts = splitOutsideBraces(text, ':');
    const [a = '', b = '', c = ''] = parts;
    if (parts.length === 1) return { ...(ip ? { ip } : {}), target: a, protocol };
    if (parts.length === 2) return { ...(ip ? { ip } : {}), published: a, target: b, protocol };
    if (parts.length === 3) return { ip: a, published: b, target: c, protocol };
    return undefined;
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.target === undefined) return undefined;
    return {
      ...(o.host_ip !== undefined ? { ip: scalarText(o.host_ip) } : {}),
      ...(o.published !== undefined && o.published !== '' ? { published: scalarText(o.published) } : {}),
      target: scalarText(o.target),
      protocol: o.protocol !== undefined ? scalarText(o.protocol) : 'tcp',
    };
  }
  return undefined;
}

/** What makes two port entries the same one (Compose keeps one of equal entries). */
export function portKey(value: unknown): string {
  const p = parsePort(value);
  if (!p) return JSON.stringify(value);
  return `${p.ip ?? ''}:${p.published ?? ''}:${p.target}/${p.protocol}`;
}

/** A volume's target path: what identifies it when files are merged (Compose spec, "Unique resources"). */
export function volumeTarget(value: unknown): string {
  if (typeof value === 'string') {
    const [first = '', second] = value.split(':');
    return second ?? first;
  }
  if (value && typeof value === 'object' && 'target' in value) return scalarText(value.target);
  return JSON.stringify(value);
}

/** One dependency as the long form says it. */
export interface DependsOnEntry {
  condition: string;
  required?: boolean;
  restart?: boolean;
}

/** depends_on in either form, as the long form (the short form means `service_started`). */
export function dependsOnMap(value: unknown): Record<string, DependsOnEntry> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((name) => [String(name), { condition: 'service_started' }]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, Record<string, unknown> | null>).map(([name, v]) => [
        name,
        {
          condition: typeof v?.condition === 'string' ? v.condition : 'service_started',
          ...(typeof v?.required === 'boolean' ? { required: v.required } : {}),
          ...(typeof v?.restart === 'boolean' ? { restart: v.restart } : {}),
        },
      ]),
    );
  }
  return {};
}
