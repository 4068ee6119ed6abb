// Text inside a Markdown table cell or a one-line summary. A probe detail, an error or a check's
// answer may hold `|`, a newline, a backslash or `<`: none of them may break the table or be read as markup.

/** Text safe inside a table cell or a line: one line, no pipe ending the cell, no HTML tag or entity taken as markup. */
export function markdownCell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
