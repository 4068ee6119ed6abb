import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeText, renderXml, xmlDocument, xmlSafe } from '../../../src/smoke/xml.js';

const HOSTILE = 'a < b && c > d "quoted" \'single\' ]]> end \u0001\u0007\u001b[31mred\u001b[0m \uFFFE \uD800 tab\there\nnew line 😀';
// htmlEntities: fast-xml-parser decodes character references (&#10;) only with it on.
// eslint-disable-next-line @typescript-eslint/no-deprecated -- htmlEntities: fast-xml-parser 5.12 still honours it
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, htmlEntities: true });

describe('the XML escaper', () => {
  it('removes every character XML 1.0 forbids, and terminal colour codes, but keeps tab, newline and astral characters', () => {
    const safe = xmlSafe(HOSTILE);
    // eslint-disable-next-line no-control-regex -- the control characters XML forbids are what it looks for
    expect(safe).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    expect(safe).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(safe).toContain('red');
    expect(safe).not.toContain('[31m');
    expect(safe).toContain('\t');
    expect(safe).toContain('\n');
    expect(safe).toContain('😀');
  });

  it('escapes text so that `]]>` and markup are plain characters', () => {
    expect(escapeText('<a> & ]]>')).toBe('&lt;a&gt; &amp; ]]&gt;');
  });

  it('escapes attributes, keeping tab and newline as references', () => {
    expect(escapeAttr('"x"\t<y>\n&')).toBe('&quot;x&quot;&#9;&lt;y&gt;&#10;&amp;');
  });

  it('hostile text survives a round trip through a real parser, in text and in an attribute', () => {
    const doc = xmlDocument({ name: 'root', children: [{ name: 'item', attrs: { message: HOSTILE }, text: HOSTILE }] });
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- fast-xml-parser 5.12's validator still works; its replacement is a separate package
    expect(XMLValidator.validate(doc)).toBe(true);
    const parsed = parser.parse(doc) as { root: { item: { message: string; '#text': string } } };
    expect(parsed.root.item['#text']).toBe(xmlSafe(HOSTILE));
    expect(parsed.root.item.message).toBe(xmlSafe(HOSTILE));
  });

  it('renders an empty element self-closed and leaves out undefined attributes', () => {
    expect(renderXml({ name: 'skipped', attrs: { message: 'm', type: undefined } })).toBe('<skipped message="m"/>');
  });
});
