/**
 * Format email: whether Go's net/mail.ParseAddress (Go 1.26) accepts the text
 * as one address: an addr-spec ("a@example.com", a quoted local part, a
 * domain literal holding an IP), optionally with a display name and angle
 * brackets ("Ann <a@example.com>"), a trailing comment, or a group holding
 * exactly one address. Written from the parser's behaviour; RFC 2047 words
 * are taken as decodable (Go rejects a display name in an unknown charset:
 * kapi misses that rejection rather than invent one).
 */
import { parseIPStrict } from './format-ip.js';

const specials = new Set([...'()<>[]:;@\\,"']);
const isVchar = (c: string) => (c >= '!' && c <= '~') || c.charCodeAt(0) >= 0x80;
const isAtext = (c: string, dot: boolean) => (c === '.' ? dot : !specials.has(c) && isVchar(c));
const isWsp = (c: string) => c === ' ' || c === '\t';

class Parser {
  constructor(public s: string) {}

  skipSpace(): void {
    let i = 0;
    while (i < this.s.length && isWsp(this.s[i] as string)) i++;
    this.s = this.s.slice(i);
  }

  consume(c: string): boolean {
    if (this.s[0] !== c) return false;
    this.s = this.s.slice(1);
    return true;
  }

  /** After "(": up to the matching ")", with backslash escapes; false when unclosed. */
  comment(): boolean {
    let depth = 1;
    while (this.s.length > 0 && depth > 0) {
      if (this.s[0] === '\\' && this.s.length > 1) this.s = this.s.slice(1);
      else if (this.s[0] === '(') depth++;
      else if (this.s[0] === ')') depth--;
      this.s = this.s.slice(1);
    }
    return depth === 0;
  }

  skipCfws(): boolean {
    this.skipSpace();
    while (this.consume('(')) {
      if (!this.comment()) return false;
      this.skipSpace();
    }
    return true;
  }

  /** The quoted string's content, or undefined when malformed. */
  quotedString(): string | undefined {
    let content = '';
    let escaped = false;
    let i = 1;
    for (const c of this.s.slice(1)) {
      i += c.length;
      if (escaped) {
        if (!isVchar(c) && !isWsp(c)) return undefined;
        content += c;
        escaped = false;
      } else if (c === '"') {
        this.s = this.s.slice(i);
        return content;
      } else if (c === '\\') escaped = true;
      else if (isVchar(c) || isWsp(c)) content += c;
      else return undefined;
    }
    return undefined;
  }

  atom(permissive: boolean): string | undefined {
    let i = 0;
    while (i < this.s.length && isAtext(this.s[i] as string, true)) i++;
    if (i === 0) return undefined;
    const atom = this.s.slice(0, i);
    this.s = this.s.slice(i);
    if (!permissive && (atom.startsWith('.') || atom.endsWith('.') || atom.includes('..'))) return undefined;
    return atom;
  }

  domainLiteral(): boolean {
    this.s = this.s.slice(1);
    const close = this.s.indexOf(']');
    if (close < 0) return false;
    const dtext = this.s.slice(0, close);
    for (const c of dtext) if (c === '[' || c === '\\' || !isVchar(c)) return false;
    this.s = this.s.slice(close + 1);
    return parseIPStrict(dtext);
  }

  /** local-part "@" domain; the position is restored when it fails. */
  addrSpec(): boolean {
    const saved = this.s;
    const ok = this.addrSpecParts();
    if (!ok) this.s = saved;
    return ok;
  }

  private addrSpecParts(): boolean {
    this.skipSpace();
    if (this.s === '') return false;
    const local = this.s[0] === '"' ? this.quotedString() : this.atom(false);
    if (local === undefined || local === '' || !this.consume('@')) return false;
    this.skipSpace();
    if (this.s === '') return false;
    return this.s[0] === '[' ? this.domainLiteral() : this.atom(false) !== undefined;
  }

  /** 1*word, words being quoted strings or (permissive) dot-atoms; stops at the first non-word. */
  phrase(): boolean {
    let words = 0;
    for (;;) {
      if (words > 0 && !this.skipCfws()) return false;
      this.skipSpace();
      if (this.s === '') break;
      const word = this.s[0] === '"' ? this.quotedString() : this.atom(true);
      if (word === undefined) break;
      words++;
    }
    return words > 0;
  }

  /** mailbox, or (handleGroup) a group; the number of addresses, or -1 when malformed. */
  address(handleGroup: boolean): number {
    this.skipSpace();
    if (this.s === '') return -1;
    if (this.addrSpec()) {
      this.skipSpace();
      if (this.consume('(') && !this.comment()) return -1;
      return 1;
    }
    if (this.s[0] !== '<' && !this.phrase()) return -1;
    this.skipSpace();
    if (handleGroup && this.consume(':')) return this.groupList();
    if (!this.consume('<') || !this.addrSpec() || !this.consume('>')) return -1;
    return 1;
  }

  private groupList(): number {
    this.skipSpace();
    if (this.consume(';')) return this.skipCfws() ? 0 : -1;
    let count = 0;
    for (;;) {
      this.skipSpace();
      const added = this.address(false);
      if (added < 0 || !this.skipCfws()) return -1;
      count += added;
      if (this.consume(';')) return this.skipCfws() ? count : -1;
      if (!this.consume(',')) return -1;
    }
  }
}

export function isMailAddress(text: string): boolean {
  const parser = new Parser(text);
  const count = parser.address(true);
  return count === 1 && parser.skipCfws() && parser.s === '';
}
