// Which start the engine should get first, when several are due at once. Starts that coincide
// slow each other down (on two cores, two starts take ~0.95 s each where one alone takes ~0.65 s),
// so a start on the slowest chain should not share the engine with one that has time to spare.
// Build systems order their ready actions the same way (critical-path scheduling): by the
// expected time from each one to the end of the whole run, learned from earlier runs. Pure.

import { startsContainer, type PlannedLaunch } from './launch-plan.js';

/** What a service took in earlier runs, in ms from the start request: until the start returned, and until ready. */
export interface BootTime {
  start: number;
  ready: number;
}

/**
 * A start is held back only when the other chain is longer by this many times the other start's
 * own duration: holding costs the held service about one start, and boot times vary by some tens
 * of percent from run to run.
 */
const SLACK_FACTOR = 1.5;

/**
 * Per service that will be started: the expected ms from its start request to the end of the
 * launch along its slowest chain of waiters (its own `ready`, then the slowest service that waits
 * for it, and so on). A service is left out when its own time, or the time of anything on a chain
 * above it that starts, is unknown: an order is only worth keeping when it is known.
 */
export function startUrgency(services: readonly PlannedLaunch[], learned: ReadonlyMap<string, BootTime>): Map<string, number> {
  const waiters = new Map<string, PlannedLaunch[]>();
  for (const s of services) for (const w of s.waitsFor) waiters.set(w, [...(waiters.get(w) ?? []), s]);
  const memo = new Map<string, number | undefined>();
  const urgency = (s: PlannedLaunch): number | undefined => {
    if (memo.has(s.name)) return memo.get(s.name);
    // Left alone or only awaited: it costs this run no start of its own.
    const own = startsContainer(s) ? learned.get(s.name)?.ready : 0;
    const ups = (waiters.get(s.name) ?? []).map(urgency);
    const value = own === undefined || ups.includes(undefined) ? undefined : own + Math.max(0, ...(ups as number[]));
    memo.set(s.name, value);
    return value;
  };
  const out = new Map<string, number>();
  for (const s of services) {
    const u = urgency(s);
    if (u !== undefined && startsContainer(s)) out.set(s.name, u);
  }
  return out;
}

/**
 * The service among `ahead` (starting, or due to start) that `name` should let start first: one
 * whose chain is longer than `name`'s by more than SLACK_FACTOR times its own start. The most
 * urgent such one; undefined when `name` may start now.
 */
export function startFirst(
  name: string,
  ahead: Iterable<string>,
  urgency: ReadonlyMap<string, number>,
  learned: ReadonlyMap<string, BootTime>,
): string | undefined {
  const mine = urgency.get(name);
  if (mine === undefined) return undefined;
  let first: string | undefined;
  for (const other of ahead) {
    const theirs = urgency.get(other);
    const start = learned.get(other)?.start;
    if (other === name || theirs === undefined || start === undefined) continue;
    if (theirs - mine > SLACK_FACTOR * start && (first === undefined || theirs > (urgency.get(first) ?? 0))) first = other;
  }
  return first;
}
