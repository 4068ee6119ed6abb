// Colour for people, none for machines: on only on a TTY, without NO_COLOR or --no-color.

import { Chalk, type ChalkInstance } from 'chalk';

/** A chalk that colours only when asked to. */
export function styler(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

/** Seconds with two decimals, for timings shown to people: `1.23s`. */
export function seconds(ms: number | undefined): string {
  return ms === undefined ? '-' : `${(ms / 1000).toFixed(2)}s`;
}
