// Which variables a value references, the way Compose interpolates: `${NAME…}` and `$NAME`, but
// not `$$` (a literal dollar sign).

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** The variable names referenced anywhere inside a value (strings in maps and lists too), in order, once each. */
export function referencedVariables(value: unknown): string[] {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(REFERENCE)) {
        const name = m[1] ?? m[2];
        if (name !== undefined) names.add(name);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return [...names];
}
