/**
 * Text from a server or a file, made safe for a terminal. Control characters
 * (C0, DEL, C1), the Unicode line separators and the bidirectional formatting
 * characters (LRM, RLM, ALM, the embeddings and overrides U+202A–U+202E and the
 * isolates U+2066–U+2069) are shown escaped, as Go's %q (and so kubectl's
 * -o yaml) shows them, never interpreted: an escape sequence cannot retitle or
 * clear the terminal, U+202E cannot reorder what follows, and a newline in a
 * name cannot add a row. Strings without such characters are returned
 * unchanged, so normal output stays byte for byte what kubectl prints.
 */

/** Every character this module escapes (newline and tab included). */
export const terminalUnsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** The same without newline and tab, which prose keeps. */
const proseUnsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const everyUnsafe = new RegExp(terminalUnsafe.source, 'g');
const everyProseUnsafe = new RegExp(proseUnsafe.source, 'g');

/**
 * How the text is used:
 * - `cell`: a value in a table, list or name (the default). If anything must be
 *   escaped, the whole value is printed Go-quoted (`"w\x1b]0;x\a"`), so that an
 *   escaped value can't be mistaken for a literal one.
 * - `line`: a one-line message such as a warning or an error, which mixes kapi's
 *   words with the server's; unsafe characters are escaped in place, no quotes.
 * - `prose`: multi-line text such as an OpenAPI description; newlines and tabs
 *   are kept, every other unsafe character is escaped in place.
 */
export type TerminalTextKind = 'cell' | 'line' | 'prose';

export function terminalText(text: string, kind: TerminalTextKind = 'cell'): string {
  if (kind === 'prose') return proseUnsafe.test(text) ? text.replace(everyProseUnsafe, escapeCharacter) : text;
  if (!terminalUnsafe.test(text)) return text;
  if (kind === 'line') return text.replace(everyUnsafe, escapeCharacter);
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`).replace(everyUnsafe, escapeCharacter)}"`;
}

const shortEscapes: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/**
 * Go's strconv.Quote spelling of one character: \n, \x1b, \u202e. DEL is
 * written \u007f (Go writes \x7f) so that an escaped JSON trace line stays JSON.
 */
function escapeCharacter(character: string): string {
  const short = shortEscapes[character];
  if (short) return short;
  const code = character.charCodeAt(0);
  return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
