/**
 * Splits ONE SQL statement (as bytes, from a mysqldump stream) into the tokens the server would see,
 * so that a name can be told apart from the same letters inside a string or a comment.
 *
 * Why a tokenizer and not a regular expression: `shop.` must be rewritten in `INSERT INTO shop.log`
 * but not in `'see shop.example.com'`, not in `-- shop.orders` and not in `@shop`, while
 * `/*!50003 TRIGGER shop.t … *\/` IS code (MySQL's executable comments: the server runs what is inside
 * when its version is at least the number, which for every dump Kura restores it is). So the rules
 * are the server's lexer's, reduced to what matters for names:
 *   - `'…'` strings (backslash escapes unless NO_BACKSLASH_ESCAPES, `''` doubling);
 *   - `"…"` is a string, or an identifier under ANSI_QUOTES;
 *   - `` `…` `` identifiers with `` `` `` doubling;
 *   - `-- ` (dash dash + space/control) and `#` comments to the end of the line, `/* … *\/` comments;
 *   - `/*!NNNNN` and `/*M!NNNNNN` open an executable comment: its contents are tokenized as code and
 *     its `*\/` is skipped;
 *   - `@name`, `@'name'`, `` @`name` ``, `@@name` are variables (or the host part of `user@host`), one token;
 *   - bare words, numbers and single punctuation characters.
 *
 * Bytes are read as latin1 for the structure (every byte one character, so offsets stay byte offsets)
 * and names are decoded from their bytes as UTF-8 (Japanese names compare correctly).
 */
import { AT, BACKSLASH, BACKTICK, BANG, DASH, DQUOTE, HASH, NL, QUOTE, SLASH, STAR } from './sql-bytes.js';

export interface SqlMode {
  /** `"…"` quotes identifiers, not strings. */
  ansiQuotes: boolean;
  /** A backslash inside a string is an ordinary character. */
  noBackslashEscapes: boolean;
}

export const DEFAULT_SQL_MODE: SqlMode = { ansiQuotes: false, noBackslashEscapes: false };

export type TokenKind =
  /** A bare word: a keyword or an unquoted identifier. */
  | 'word'
  /** A quoted identifier (backticks, or double quotes under ANSI_QUOTES). */
  | 'ident'
  | 'string'
  | 'number'
  /** `@x`, `@@x`, `@'x'`: a variable or the host part of an account. */
  | 'var'
  | 'punct';

export interface Token {
  kind: TokenKind;
  /** Byte offsets in the statement. */
  start: number;
  end: number;
  /** word/ident: the name (UTF-8, quotes removed, doubled quotes undone); string: its raw contents; punct: the character. */
  text: string;
  /** True when whitespace or a comment separates it from the previous token. */
  spaced: boolean;
}


function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

/** Bytes an unquoted identifier may hold: letters, digits, `_`, `$`, and any non-ASCII byte (UTF-8). */
export function isWordByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c >= 0x80;
}

export function tokenizeStatement(buf: Buffer, mode: SqlMode = DEFAULT_SQL_MODE): Token[] {
  const tokens: Token[] = [];
  const n = buf.length;
  let i = 0;
  let spaced = true;
  let inExecComment = false;
  const push = (kind: TokenKind, start: number, end: number, text: string) => {
    tokens.push({ kind, start, end, text, spaced });
    spaced = false;
  };
  while (i < n) {
    const c = buf[i]!;
    if (isSpace(c)) {
      i++;
      spaced = true;
      continue;
    }
    // Comments (and executable comments, whose markers are skipped and contents kept).
    if (c === SLASH && buf[i + 1] === STAR) {
      const bang = buf[i + 2] === BANG ? i + 3 : buf[i + 2] === 0x4d && buf[i + 3] === BANG ? i + 4 : -1;
      if (bang >= 0 && !inExecComment) {
        i = bang;
        while (i < n && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
        inExecComment = true;
        spaced = true;
        continue;
      }
      const close = buf.indexOf('*/', i + 2, 'latin1');
      i = close < 0 ? n : close + 2;
      spaced = true;
      continue;
    }
    if (c === STAR && buf[i + 1] === SLASH && inExecComment) {
      inExecComment = false;
      i += 2;
      spaced = true;
      continue;
    }
    if (c === HASH || (c === DASH && buf[i + 1] === DASH && (i + 2 >= n || buf[i + 2]! <= 0x20))) {
      const nl = buf.indexOf(NL, i);
      i = nl < 0 ? n : nl + 1;
      spaced = true;
      continue;
    }
    if (c === BACKTICK || (c === DQUOTE && mode.ansiQuotes)) {
      const end = quotedEnd(buf, i, c, false);
      push('ident', i, end, unquote(buf, i, end, c, false));
      i = end;
      continue;
    }
    if (c === QUOTE || c === DQUOTE) {
      const end = quotedEnd(buf, i, c, !mode.noBackslashEscapes);
      push('string', i, end, buf.toString('latin1', i + 1, Math.max(i + 1, end - 1)));
      i = end;
      continue;
    }
    if (c === AT) {
      const start = i;
      i++;
      if (buf[i] === AT) i++;
      const q = buf[i];
      if (q === QUOTE || q === DQUOTE || q === BACKTICK) {
        i = quotedEnd(buf, i, q, q !== BACKTICK && !mode.noBackslashEscapes);
      } else {
        // `@@session.sql_mode`: the dotted part belongs to the variable.
        while (i < n && (isWordByte(buf[i]!) || (buf[i] === 0x2e && i + 1 < n && isWordByte(buf[i + 1]!) && buf[start + 1] === AT))) i++;
      }
      push('var', start, i, buf.toString('latin1', start, i));
      continue;
    }
    if (isWordByte(c)) {
      const start = i;
      while (i < n && isWordByte(buf[i]!)) i++;
      const text = buf.toString('utf8', start, i);
      push(isNumber(text) ? 'number' : 'word', start, i, text);
      continue;
    }
    push('punct', i, i + 1, String.fromCharCode(c));
    i++;
  }
  return tokens;
}

/** Where a quoted span opened at `open` ends (just after its closing quote; the end of the buffer if unclosed). */
export function quotedEnd(buf: Buffer, open: number, quote: number, backslashEscapes: boolean): number {
  const n = buf.length;
  let i = open + 1;
  while (i < n) {
    const c = buf[i]!;
    if (c === BACKSLASH && backslashEscapes) {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (buf[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return n;
}

function unquote(buf: Buffer, start: number, end: number, quote: number, backslashEscapes: boolean): string {
  const inner = buf.subarray(start + 1, Math.max(start + 1, end - 1));
  const q = String.fromCharCode(quote);
  const text = inner.toString('utf8').split(q + q).join(q);
  return backslashEscapes ? text.replace(/\\(.)/g, '$1') : text;
}

/** `123`, `1e5`, `0x1F`, `0b101`: numbers, never names (an unquoted name cannot be all digits). */
function isNumber(word: string): boolean {
  return /^(?:\d+(?:e[+-]?\d*)?|0x[0-9a-f]+|0b[01]+)$/i.test(word);
}

/**
 * The sql_mode flags that change how statements are read, from a mode string such as
 * 'ANSI_QUOTES,STRICT_TRANS_TABLES' (ANSI and the compatibility modes imply ANSI_QUOTES).
 */
export function sqlModeFlags(modeText: string): SqlMode {
  const parts = new Set(
    modeText
      .toUpperCase()
      .split(',')
      .map((s) => s.trim()),
  );
  const ansiQuotes = ['ANSI_QUOTES', 'ANSI', 'DB2', 'MAXDB', 'MSSQL', 'ORACLE', 'POSTGRESQL'].some((m) => parts.has(m));
  return { ansiQuotes, noBackslashEscapes: parts.has('NO_BACKSLASH_ESCAPES') };
}
