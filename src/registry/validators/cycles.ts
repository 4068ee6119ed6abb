// Finds dependency cycles. One cycle is reported per strongly connected component (Tarjan), so a
// tangle of services gives one readable cycle instead of every combination of them.

import { defined } from '../../util/defined.js';

/** The cycles of a graph, each as a path back to its start: `[a, b, a]`; `[a, a]` for a self-loop. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  return stronglyConnected(graph)
    .filter(([first, ...rest]) => rest.length > 0 || (first !== undefined && graph.get(first)?.includes(first)))
    .map((scc) => shortestCycleThrough(graph, firstInOrder(graph, scc), new Set(scc)))
    .sort(([a = ''], [b = '']) => order(graph, a) - order(graph, b));
}

function order(graph: ReadonlyMap<string, readonly string[]>, name: string): number {
  return [...graph.keys()].indexOf(name);
}

// Start each cycle at the service declared first, so output is stable.
function firstInOrder(graph: ReadonlyMap<string, readonly string[]>, scc: string[]): string {
  return defined(
    [...graph.keys()].find((k) => scc.includes(k)),
    'a node of the component',
  );
}

/** Breadth-first search back to `start`, inside its component. */
function shortestCycleThrough(graph: ReadonlyMap<string, readonly string[]>, start: string, inside: Set<string>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (const node of queue) {
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = parent.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (inside.has(next) && !parent.has(next)) {
        parent.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Tarjan's algorithm (recursive: a registry has tens of services, not thousands). */
function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    const own = index.size;
    index.set(v, own);
    low.set(v, own);
    stack.push(v);
    onStack.add(v);
    const lowOf = (n: string): number => defined(low.get(n), `the low-link of ${n}`);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      const seen = index.get(w);
      if (seen === undefined) {
        visit(w);
        low.set(v, Math.min(lowOf(v), lowOf(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(lowOf(v), seen));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = defined(stack.pop(), 'the component stack');
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      out.push(scc);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}
