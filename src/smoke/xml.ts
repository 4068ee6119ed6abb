// A tiny XML writer: enough for a JUnit report, and correct for any text a container log holds.
// Everything is escaped as entities, never wrapped in CDATA: a `]]>` inside a log would end a
// CDATA section early, and escaping `>` makes that sequence harmless everywhere.

// What XML 1.0 allows (§2.2 Char): tab, LF, CR, and U+0020 up; minus surrogates, U+FFFE, U+FFFF.
// With the `u` flag a lone surrogate is one code point outside the class, so it is removed too.
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
// Terminal colour codes from container logs: their ESC is illegal, and the rest is noise without it.
// eslint-disable-next-line no-control-regex -- matching the ESC of terminal colour codes is the point
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;

/** Removes terminal escape sequences and every character XML 1.0 cannot carry. */
export function xmlSafe(text: string): string {
  return text.replace(ANSI, '').replace(ILLEGAL, '');
}

/** Escapes element text. */
export function escapeText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes an attribute value (double-quoted); tab, LF and CR as references, which attribute-value
 * normalisation would otherwise turn into spaces.
 */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** An element: attributes (undefined ones left out) and either child elements or text. */
export interface XmlNode {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  children?: XmlNode[];
  text?: string;
}

/** Renders a node and its children, indented two spaces a level. */
export function renderXml(node: XmlNode, depth = 0): string {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(node.attrs ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('');
  if (node.text !== undefined && node.text !== '') return `${pad}<${node.name}${attrs}>${escapeText(node.text)}</${node.name}>`;
  if (!node.children || node.children.length === 0) return `${pad}<${node.name}${attrs}/>`;
  return [`${pad}<${node.name}${attrs}>`, ...node.children.map((c) => renderXml(c, depth + 1)), `${pad}</${node.name}>`].join('\n');
}

/** A whole document: the XML declaration and the root. */
export function xmlDocument(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderXml(root)}\n`;
}
