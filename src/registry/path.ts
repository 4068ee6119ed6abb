// A path into the registry as written (`services.redis.health.interval`), shared by zod issues,
// the locator and the validators.

/** Keys and list indexes from the document root to one value. */
export type Path = readonly (string | number)[];

/** Renders a path the way users write it: `services.api.depends_on[1]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? '(top level)' : out;
}

/** The value at `path` inside a plain JS value, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.hasOwn(node, seg) ? (node as Record<string | number, unknown>)[seg] : undefined;
  }
  return node;
}

/** True for a YAML map turned into JS (not a list, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
