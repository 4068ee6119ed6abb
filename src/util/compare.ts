// Ordering strings without a locale.

/**
 * Compares strings by code point: the same order on every machine and locale, and cheap — the
 * first localeCompare loads ICU's collation (~10 ms, a thirtieth of an `up` on a healthy stack).
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
