// How far a path reaches into a `yaml` document, from its node ranges: the line of every message
// about a registry read by the slow path (parse.ts). Apart from locate.ts so that reading a
// registry in plain YAML, the fast path, does not load `yaml` at all.

import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Reach } from './plain-yaml.js';

/** How far a path reaches into a yaml document, and the line of the last node reached. */
export function yamlReach(doc: Document, lineCounter: LineCounter): Reach {
  const deref = (n: unknown): unknown => (isAlias(n) ? n.resolve(doc) : n);
  return (path) => {
    let node = deref(doc.contents);
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    let depth = 0;
    for (const seg of path) {
      const hit = child(node, seg, deref);
      if (!hit) break;
      [node, offset, depth] = [hit.node, hit.offset, depth + 1];
    }
    return { depth, line: lineCounter.linePos(offset).line };
  };
}

/** The child `seg` of a YAML node: its value and the offset of its key (maps) or item (lists). */
function child(node: unknown, seg: string | number, deref: (n: unknown) => unknown): { node: unknown; offset: number } | undefined {
  if (isSeq(node) && typeof seg === 'number') {
    const item = node.items[seg] as Node | undefined;
    return item ? { node: deref(item), offset: item.range?.[0] ?? 0 } : undefined;
  }
  if (!isMap(node)) return undefined;
  const pair = keysOf(node).get(String(seg));
  if (pair) return { node: deref(pair.value), offset: (pair.key as Node).range?.[0] ?? 0 };
  // Compose-style `<<: *anchor` merge keys: look inside what was merged in.
  for (const pair of node.items) {
    if (isScalar(pair.key) && pair.key.value === '<<') {
      const merged = deref(pair.value);
      for (const m of isSeq(merged) ? merged.items.map(deref) : [merged]) {
        const hit = child(m, seg, deref);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

// The pairs of a map by key (the first of equal keys, as a scan from the top finds it), built once
// per map: every service's location is looked up in the `services` map, which a scan makes O(n²).
const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
function keysOf(map: YAMLMap): Map<string, Pair> {
  let index = indexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && !index.has(key)) index.set(key, pair);
    }
    indexes.set(map, index);
  }
  return index;
}
