// "Did you mean …?" for misspelt keys and names.

import { defined } from '../util/defined.js';

/** The Levenshtein distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  const at = (xs: number[], k: number): number => defined(xs[k], 'a distance');
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(at(prev, j) + 1, at(row, j - 1) + 1, at(prev, j - 1) + cost));
    }
    prev = row;
  }
  return at(prev, b.length);
}

/** The candidate closest to `word`, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  // A third of the word's length (at least 1, at most 3) lets `helth`, `depend_on` and
  // `postgress` through but not unrelated short words.
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance && d <= limit) [best, bestDistance] = [c, d];
  }
  return best;
}

/** A hint for an unknown word: the close candidate, or the full list when none is close. */
export function suggestionHint(word: string, candidates: readonly string[], what = 'one of'): string {
  const near = closest(word, candidates);
  return near !== undefined ? `did you mean "${near}"?` : `${what}: ${candidates.join(', ')}`;
}
