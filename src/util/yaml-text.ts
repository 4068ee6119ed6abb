// YAML text from an object (never from string templates), so the same value always gives the
// same bytes, and every string stays a string to every reader of the file.

import { Document, visit } from 'yaml';

// The plain scalars that YAML 1.1 or 1.2 reads as something other than a string. Compose v1
// (PyYAML) and kubectl (go-yaml) read YAML 1.1, where `yes`, `off`, `1:30` and `2001-12-14` are a
// boolean, a number and a date: an environment value written so makes them refuse the file.
// Compose v2 reads 1.2, where `0o17` is a number. A string that either would misread is quoted.
const NOT_A_STRING = (['1.1', '1.2'] as const).flatMap((version) =>
  new Document(null, { version }).schema.tags.flatMap((tag) => ('test' in tag && tag.default && tag.test ? [tag.test] : [])),
);

/** One YAML document's text (no header), with strings that YAML 1.1 or 1.2 would misread quoted. */
export function yamlText(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && NOT_A_STRING.some((test) => test.test(node.value as string))) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0, indent: 2 });
}
