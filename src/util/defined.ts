// With `noUncheckedIndexedAccess`, every lookup may be missing. Where the code's own invariants say it is
// there (a name taken from the same registry, a regex group that always takes part), this says so, and a
// broken invariant fails at that line as an internal error instead of travelling on as `undefined`.

/** The value, or an internal error naming what was missing: for lookups that cannot miss unless pyat has a bug. */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal error: ${what} is missing`);
  return value;
}
