/**
 * The two text wrappers kubectl explain uses, reimplemented so that kapi's
 * plaintext matches byte for byte.
 */

/** Go's unicode.IsSpace, minus the no-break space (kept inside words by go-wordwrap). */
function isBreakingSpace(char: string): boolean {
  return /^[\t\n\v\f\r \u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(char);
}

/**
 * Word wrapping as the v3 template's `wrap` does (mitchellh/go-wordwrap):
 * lines break at spaces before `limit` columns (counted in code points);
 * words longer than the limit are left whole; existing newlines are kept.
 */
export function wordWrap(text: string, limit: number): string {
  let out = '';
  let column = 0;
  let word = '';
  let wordLength = 0;
  let spaces = '';
  let spacesLength = 0;
  const flush = () => {
    column += spacesLength + wordLength;
    out += spaces + word;
    spaces = '';
    spacesLength = 0;
    word = '';
    wordLength = 0;
  };
  for (const char of text) {
    if (char === '\n') {
      if (wordLength === 0) {
        if (column + spacesLength <= limit) out += spaces;
        spaces = '';
        spacesLength = 0;
      } else {
        flush();
      }
      out += char;
      column = 0;
    } else if (isBreakingSpace(char)) {
      if (spacesLength === 0 || wordLength > 0) flush();
      spaces += char;
      spacesLength++;
    } else {
      word += char;
      wordLength++;
      if (column + wordLength + spacesLength > limit && wordLength < limit) {
        out += '\n';
        column = 0;
        spaces = '';
        spacesLength = 0;
      }
    }
  }
  if (wordLength === 0) {
    if (column + spacesLength <= limit) out += spaces;
  } else {
    out += spaces + word;
  }
  return out;
}

/** The template's `indent`: pads the first line and every line after a newline. */
export function indent(amount: number, text: string): string {
  const pad = ' '.repeat(amount);
  return pad + text.split('\n').join(`\n${pad}`);
}

/**
 * The v2 explain's paragraph wrapper (kubectl pkg/explain formatter): joins
 * words into lines of at most `width` characters; lines indented by four
 * spaces are kept as they are; blank lines, bullets and words ending in ":"
 * start new lines.
 */
export function wrapParagraphs(text: string, width: number): string[] {
  const lines: string[] = [];
  let words: string[] = [];
  let lastWord = '';
  const flush = () => {
    if (words.length === 0) return;
    lastWord = '';
    lines.push(words.join(' '));
    words = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('    ')) {
      flush();
      lines.push(line);
      continue;
    }
    if (lines.length > 0 && line.trim() === '') {
      flush();
      lines.push('');
      continue;
    }
    if (startsNewLine(lastWord, line)) flush();
    for (const word of line.split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter(Boolean)) {
      lastWord = word;
      const candidate = [...words, word].join(' ');
      if (words.length > 0 && byteLength(candidate) > width) flush();
      words.push(word);
    }
  }
  flush();
  return lines;
}

function startsNewLine(lastWord: string, line: string): boolean {
  if (lastWord.endsWith(':')) return true;
  if (line.startsWith('    ')) return true;
  const trimmed = line.trim();
  return trimmed === '' || /^(\d+\.?|-|\*)\s/.test(trimmed);
}

/** Go's len() of a string counts bytes. */
function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
