// Properties of the plan and of cycle detection, over random graphs (fast-check): the tiers of any
// DAG respect every dependency and are as low as they can be; a cycle is always found, and the
// cycle printed is a real one of the graph; a closure holds exactly what it must.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildPlan } from '../../../src/plan/tiers.js';
import { load, problemsOf } from '../registry/helpers.js';
import { registryFromGraph } from '../../support/registry.js';
import { recordCounts } from './counts.js';

const RUNS = 200;
let runs = 0;
afterAll(() => recordCounts({ propertyRuns: runs }));

/** name → its dependencies. */
type Graph = Record<string, string[]>;

// Names start with a letter: an all-digit key would be reordered by JS objects.
const serviceName = fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/);

/**
 * A random DAG of 1..40 services: node i depends only on nodes below i, so there is no cycle; then
 * the names are random and the declaration order is shuffled, so neither gives the answer away.
 */
const dag: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc
    .record({
      names: fc.uniqueArray(serviceName, { minLength: n, maxLength: n }),
      deps: fc.tuple(
        ...Array.from({ length: n }, (_, i) => (i === 0 ? fc.constant([]) : fc.uniqueArray(fc.nat(i - 1), { maxLength: Math.min(i, 5) }))),
      ),
      order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
    })
    .map(({ names, deps, order }) => Object.fromEntries(order.map((i) => [names[i]!, deps[i]!.map((d) => names[d]!)]))),
);

/** A graph with at least one cycle: a DAG plus edges from a node to itself or to a node that reaches it. */
const cyclic: fc.Arbitrary<Graph> = dag.chain((g) => {
  const names = Object.keys(g);
  return fc.uniqueArray(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...names)), { minLength: 1, maxLength: 3 }).map((extra) => {
    const out: Graph = Object.fromEntries(names.map((n) => [n, [...g[n]!]]));
    // `to -> from` closes a cycle when `from` reaches `to` (or is it): make the first edge such a one.
    const [first, ...rest] = extra.map(([a, b]): [string, string] => (reaches(out, a, b) ? [a, b] : [b, a]));
    const [from, to] = first!;
    const edges: [string, string][] = [reaches(out, from, to) ? [to, from] : [from, from], ...rest];
    for (const [a, b] of edges) if (!out[a]!.includes(b)) out[a]!.push(b);
    return out;
  });
});

/** Whether `to` is `from` or one of its transitive dependencies. */
function reaches(g: Graph, from: string, to: string): boolean {
  return closureOf(g, from).has(to);
}

/** `x` and everything it depends on, transitively (a reference implementation, by BFS). */
function closureOf(g: Graph, x: string): Set<string> {
  const seen = new Set([x]);
  for (const n of seen) for (const d of g[n] ?? []) seen.add(d);
  return seen;
}

/** The tier of each service, read off a plan. */
function tiersOf(tiers: string[][]): Map<string, number> {
  return new Map(tiers.flatMap((names, t) => names.map((n) => [n, t] as const)));
}

function property<T>(arb: fc.Arbitrary<T>, check: (value: T) => void): void {
  fc.assert(
    fc.property(arb, (v) => {
      runs++;
      check(v);
    }),
    { numRuns: RUNS },
  );
}

describe('plan tiers, for any DAG', () => {
  it('every service appears exactly once, above each of its dependencies, in the lowest tier it can', () => {
    property(dag, (g) => {
      const { tiers } = buildPlan(registryFromGraph(g));
      const flat = tiers.flat();
      expect([...flat].sort()).toEqual(Object.keys(g).sort());
      expect(new Set(flat).size).toBe(flat.length);
      const tier = tiersOf(tiers);
      for (const [name, deps] of Object.entries(g)) {
        for (const d of deps) expect(tier.get(name)!).toBeGreaterThan(tier.get(d)!);
        expect(tier.get(name)).toBe(deps.length === 0 ? 0 : 1 + Math.max(...deps.map((d) => tier.get(d)!)));
      }
    });
  });

  it('no tier is empty, and names are sorted inside each tier', () => {
    property(dag, (g) => {
      for (const names of buildPlan(registryFromGraph(g)).tiers) {
        expect(names.length).toBeGreaterThan(0);
        expect(names).toEqual([...names].sort());
      }
    });
  });

  it('the plan for one service holds exactly it and its transitive dependencies, in the tiers of the whole plan', () => {
    property(
      dag.chain((g) => fc.tuple(fc.constant(g), fc.constantFrom(...Object.keys(g)))),
      ([g, x]) => {
        const registry = registryFromGraph(g);
        const { tiers } = buildPlan(registry, [x]);
        expect(new Set(tiers.flat())).toEqual(closureOf(g, x));
        const whole = tiersOf(buildPlan(registry).tiers);
        for (const [name, t] of tiersOf(tiers)) expect(t).toBe(whole.get(name));
      },
    );
  });
});

describe('cycles, for any graph that has one', () => {
  it('loading reports a cycle, on the depends_on line that closes it, and each printed cycle is a real cycle of the graph', () => {
    property(cyclic, (g) => {
      const names = Object.keys(g);
      const services = Object.fromEntries(
        names.map((n, i) => [n, { image: `example/${n}:dev`, port: 10_000 + i, health: { type: 'tcp' }, depends_on: g[n] }]),
      );
      const text = stringify({ name: 'random', port_range: [10_000, 10_000 + names.length], services });
      const lines = text.split('\n');
      const cycles = problemsOf(() => load(text)).filter((p) => p.message.startsWith('dependency cycle: '));
      expect(cycles.length).toBeGreaterThan(0);
      for (const p of cycles) {
        const cycle = p.message.slice('dependency cycle: '.length).split(' -> ');
        expect(cycle.length).toBeGreaterThanOrEqual(2);
        expect(cycle[0]).toBe(cycle[cycle.length - 1]);
        for (let i = 0; i + 1 < cycle.length; i++) expect(g[cycle[i]!]).toContain(cycle[i + 1]);
        // The line points at the entry `- <second>` under the first service's depends_on.
        expect(lines[p.location!.line - 1]!.trim().replace(/^- (["'])(.*)\1$/, '- $2')).toBe(`- ${cycle[1]}`);
      }
    });
  });
});
