// Finds dependency cycles. One cycle is reported per strongly connected component (Tarjan), so a
// tangle of services gives one readable cycle instead of every combination of them.

/** The cycles of a graph, each as a path back to its start: `[a, b, a]`; `[a, a]` for a self-loop. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  return stronglyConnected(graph)
    .filter((scc) => scc.length > 1 || graph.get(scc[0]!)?.includes(scc[0]!))
    .map((scc) => shortestCycleThrough(graph, firstInOrder(graph, scc), new Set(scc)))
    .sort((a, b) => order(graph, a[0]!) - order(graph, b[0]!));
}

function order(graph: ReadonlyMap<string, readonly string[]>, name: string): number {
  return [...graph.keys()].indexOf(name);
}

// Start each cycle at the service declared first, so output is stable.
function firstInOrder(graph: ReadonlyMap<string, readonly string[]>, scc: string[]): string {
  return [...graph.keys()].find((k) => scc.includes(k))!;
}

/** Breadth-first search back to `start`, inside its component. */
function shortestCycleThrough(graph: ReadonlyMap<string, readonly string[]>, start: string, inside: Set<string>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
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
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      out.push(scc);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}
