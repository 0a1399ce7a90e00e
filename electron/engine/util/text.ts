/** True when the string holds a C0 control character or DEL (newline, tab, NUL, escape…). */
export function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The string with each control character replaced (by a space, or as `replace` says): plain text for a journal or a message. */
export function withoutControlChars(s: string, replace: (c: string) => string = () => ' '): string {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? replace(c) : c;
  }
  return out;
}
