/** The bytes the SQL stream parsers (dump-row-counter.ts, sql-tokenizer.ts, schema-rename.ts) look for. */
export const NL = 0x0a;
export const QUOTE = 0x27;
export const DQUOTE = 0x22;
export const BACKTICK = 0x60;
export const BACKSLASH = 0x5c;
export const SLASH = 0x2f;
export const STAR = 0x2a;
export const BANG = 0x21;
export const DASH = 0x2d;
export const HASH = 0x23;
export const AT = 0x40;
export const LPAREN = 0x28;
export const RPAREN = 0x29;
export const SEMICOLON = 0x3b;
export const COMMA = 0x2c;
