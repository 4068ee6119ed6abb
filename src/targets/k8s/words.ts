// Compose splits a string `command` into words as a shell would, without running one (compose-go
// uses go-shellwords); a container's `args` are the words. Quotes group, a backslash escapes.

/** The words of a command line: `a "b c" 'd'` → [a, b c, d]. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word = `${word ?? ''}${line.charAt(++i)}`;
      else word = `${word ?? ''}${c}`;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) word = `${word ?? ''}${line.charAt(++i)}`;
    else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = `${word ?? ''}${c}`;
  }
  if (word !== undefined) words.push(word);
  return words;
}
