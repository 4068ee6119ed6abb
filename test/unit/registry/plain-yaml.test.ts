import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { MAX_ALIAS_COUNT } from '../../../src/registry/defaults.js';
import type { Path } from '../../../src/registry/path.js';
import { NeedsYamlDocument, readPlainYaml } from '../../../src/registry/plain-yaml.js';
import { yamlReach } from '../../../src/registry/yaml-reach.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const filesIn = (dir: string) =>
  readdirSync(`${repo}${dir}`)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `${dir}/${f}`);

// Every path into a value, and for each one a path that goes one key too far.
function pathsOf(value: unknown, path: Path = []): Path[] {
  const here = [path, [...path, 'nope'], [...path, 0]];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...path, i]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k]))];
  return here;
}

/**
 * The fast reader's contract: it gives up, or yaml (as parse.ts calls it) reads the text without
 * an error or warning, to the same data, and every path it places (it may throw NeedsYamlDocument
 * instead) leads to the same depth and line.
 */
function agreesWithYaml(text: string): 'gave up' | 'same' {
  const plain = readPlainYaml(text);
  if (plain === undefined) return 'gave up';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  expect([...doc.errors, ...doc.warnings].map((e) => e.message)).toEqual([]);
  expect(plain.data).toEqual(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  const reach = yamlReach(doc, lineCounter);
  for (const path of pathsOf(plain.data)) {
    let placed;
    try {
      placed = plain.reach(path);
    } catch (err) {
      if (err instanceof NeedsYamlDocument) continue;
      throw err;
    }
    expect([path, placed]).toEqual([path, reach(path)]);
  }
  return 'same';
}

// A registry in the shape of bench/lib/stack.mjs's bigRegistry.
function bigRegistry(n: number): string {
  const lines = [
    'name: bench',
    'port_range: [ 20000, 20300 ]',
    'services:',
    '  postgres:',
    '    image: postgres:16-alpine',
    '    infra: true',
    '    port: { host: 15432, container: 5432 }',
    '    env:',
    '      POSTGRES_PASSWORD: ${PG_PASSWORD:-secret}',
    '    health: { type: postgres, interval: 200ms }',
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  svc-${i}:`,
      `    build: { context: ./services/svc-${i}, args: { NODE_VERSION: "20" } }`,
      `    image: example/svc-${i}:dev`,
      `    port: ${20000 + i}`,
      '    depends_on: [ postgres ]',
      '    env:',
      '      DATABASE_URL: postgresql://${PG_USER:-app}@postgres:5432/app',
      `    command: [ node, server.js, --port, "${20000 + i}" ]`,
      '    smoke: [ { name: root, path: /, expect: 200 } ]',
      '    smoke_list:',
      '      - path: /health',
      '        expect: 200 # a comment',
      "      - 'quoted ''item'''",
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('the fast reader of plain YAML', () => {
  it('reads a large registry, the demo and the example registry, as yaml does', () => {
    for (const text of [
      bigRegistry(50),
      ...['examples/demo/services.yaml', 'examples/demo/local.yaml', 'services.yaml'].map((f) => readFileSync(`${repo}${f}`, 'utf8')),
    ]) {
      expect(agreesWithYaml(text)).toBe('same');
    }
  });

  it("places, without yaml, the root, every top-level key and every service of the demo's files, and a service a file does not name", () => {
    const files = ['examples/demo/services.yaml', 'examples/demo/local.yaml'].map((f) =>
      readPlainYaml(readFileSync(`${repo}${f}`, 'utf8'))!,
    );
    const names = Object.keys(files[0]!.data.services as object);
    const paths: Path[] = [[], ['name'], ['services'], ['port_range'], ...names.map((n) => ['services', n])];
    for (const file of files) for (const path of paths) expect(() => file.reach(path)).not.toThrow();
    // A service a file does not name (an override usually names a few) reaches its `services` key.
    const local = files[1]!;
    expect(local.reach(['services', 'not-in-this-file'])).toEqual(local.reach(['services']));
    expect(local.reach(['name'])).toEqual({ depth: 0, line: local.reach([]).line });
    expect(() => local.reach(['services', 'postgres', 'image'])).toThrow(NeedsYamlDocument);
  });

  it.each([
    ['a value over two lines', 'a: one\n  two\n'],
    ['an escape in double quotes', 'a: "x\\ty"\n'],
    ['a key that is a number', '1: a\n'],
  ])('reads %s as yaml does', (_, text) => {
    expect(agreesWithYaml(text)).toBe('same');
  });

  it('reads the fixtures as yaml does, or leaves them to yaml', () => {
    for (const f of [...filesIn('test/fixtures/registry'), ...filesIn('test/fixtures/invalid')]) {
      expect([f, agreesWithYaml(readFileSync(`${repo}${f}`, 'utf8'))]).toEqual([f, expect.any(String)]);
    }
  });

  it.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'a: { x: 1 }\nb:\n  <<: { y: 2 }\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a flow list over two lines', 'a: [1,\n  2]\n'],
    ['a tab', 'a:\tb\n'],
    ['a repeated key', 'a: 1\na: 2\n'],
    ['a null key', '~: a\n'],
    ['a negative zero', 'a: -0\n'],
    ['a comment right after a quote', 'a: "a"#c\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a second document', 'a: 1\n---\nb: 2\n'],
    ['non-ASCII text', 'a: café\n'],
    ['an empty file', '# nothing\n'],
    ['a nested map on a key line', 'a: b: c\n'],
  ])('leaves %s to yaml', (_, text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });

  it('agrees with yaml on generated texts, or leaves them to yaml', () => {
    // Mostly what plain registries hold, sometimes what only yaml reads (or nobody does).
    const key = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('a', 'b', 'c', 'svc-1', 'x.y', 'A_B', 'Yes', 'nulls', '1a', 'services', 'services') },
      { weight: 1, arbitrary: fc.constantFrom('1', '0x1', 'true', 'null', '~', '<<', '__proto__', 'a b', '"q"', '-a', 'a:b', '') },
    );
    const scalar = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom(
          '1',
          '-1',
          '+1',
          '-0',
          '0o17',
          '0x1F',
          '007',
          '1.5',
          '1.',
          '.5',
          '1e3',
          '1E-2',
          '.inf',
          '-.Inf',
          '.nan',
          'true',
          'False',
          'TRUE',
          'tRUE',
          'null',
          '~',
          'Null',
          'yes',
          'off',
          '2001-12-14',
          '1_000',
          'abc',
          'a b',
          'a:b',
          'a #c',
          'a#b',
          '${X:-y}',
          'http://x:8/p',
          '--port',
          '-1x',
          '$$',
          '"q"',
          '""',
          "'it''s'",
          "''",
          '[a, b]',
          '[ a , [b, c] ]',
          '[]',
          '{}',
          '{ a: 1, b: [x] }',
          '[ "x", \'y\' ]',
          '{ a: "1", b: { c: [1, { d: e }] } }',
          'x # c',
          '[a] # c',
          '(a)',
          '=x',
          '/p',
          '1 # c',
          '"a, b" # c',
        ),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'a: b',
          'a:',
          '-',
          '"a\\"b"',
          "'a'b'",
          '{a: 1}',
          '{ a: }',
          '{ a: 1, }',
          '[a,]',
          '[a, , b]',
          '[ -a ]',
          '[ - ]',
          '[-]',
          '[ a: 1 ]',
          '[ a #c ]',
          '[a] b',
          '"a" b',
          '|',
          '>-',
          '&x 1',
          '*x',
          '!!str 1',
          '@x',
          '`x`',
          '%x',
          '? a',
          ': a',
          '# c',
          '',
          '"a"#c',
        ),
      },
    );
    // A tree of maps, lists and scalars, written out with varied indentation, comments and blank lines.
    type Tree = { map: [string, Tree][] } | { seq: Tree[] } | { scalar: string };
    const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar.map((v) => ({ scalar: v })),
        fc.array(fc.tuple(key, tie('tree')), { minLength: 1, maxLength: 4 }).map((entries) => ({ map: entries })),
        fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map((items) => ({ seq: items })),
      ),
    }));
    const style = fc.record({
      width: fc.constantFrom(1, 2, 4),
      dashGap: fc.constantFrom(1, 1, 3),
      listUnderKey: fc.boolean(),
      comment: fc.constantFrom('', '', '# note', '   # note'),
    });
    const write = (t: Tree, indent: number, s: { width: number; dashGap: number; listUnderKey: boolean; comment: string }): string[] => {
      const pad = ' '.repeat(indent);
      if ('scalar' in t) return [`${pad}${t.scalar}`];
      if ('map' in t) {
        return t.map.flatMap(([k, v]) => {
          if ('scalar' in v) return [`${pad}${k}: ${v.scalar}`];
          const below = write(v, 'seq' in v && s.listUnderKey ? indent : indent + s.width, s);
          return [`${pad}${k}:${s.comment ? ` ${s.comment}` : ''}`, ...(s.comment ? [''] : []), ...below];
        });
      }
      return t.seq.flatMap((v) => {
        if ('scalar' in v) return [`${pad}-${' '.repeat(s.dashGap)}${v.scalar}`];
        // The item's block starts on the dash's line, at the column after the dash.
        const [first, ...rest] = write(v, indent + 1 + s.dashGap, s);
        return [`${pad}-${' '.repeat(s.dashGap)}${first!.trimStart()}`, ...rest];
      });
    };
    const text = fc
      .tuple(fc.array(fc.tuple(key, tree), { minLength: 1, maxLength: 4 }), style)
      .map(([entries, s]) => `${write({ map: entries }, 0, s).join('\n')}\n`);
    let accepted = 0;
    fc.assert(
      fc.property(text, (t) => {
        if (agreesWithYaml(t) === 'same') accepted++;
      }),
      { numRuns: Number(process.env.PLAIN_YAML_RUNS ?? 3000) },
    );
    // Enough of the generated texts are plain YAML for the comparison to mean something.
    expect(accepted).toBeGreaterThan(100);
  });
});
