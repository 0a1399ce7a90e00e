/**
 * How a name is written in a per-file list and an off-site index: the common case (nothing to escape)
 * is returned as the decoded text itself; every other case as before, byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { escapePath, unescapePath } from '../../../electron/engine/snapshot/file-list.js';

describe('escapePath', () => {
  for (const [name, bytes, written] of [
    ['plain ASCII', Buffer.from('images/logo.png'), 'images/logo.png'],
    ['Japanese, a quote and brackets', Buffer.from("商品 画像/it's [special]/お茶.jpg"), "商品 画像/it's [special]/お茶.jpg"],
    ['a percent sign', Buffer.from('50%/off'), '50%25/off'],
    ['a newline and a tab', Buffer.from('a\nb\tc'), 'a%0Ab%09c'],
    ['DEL', Buffer.from('a\u007fb'), 'a%7Fb'],
    ['bytes that are not UTF-8', Buffer.from([0x61, 0xff, 0x2f, 0x25]), 'a%FF/%25'],
    // A name may begin with U+FEFF: a decoder that drops a "byte order mark" would name another file.
    ['a name that begins with U+FEFF', Buffer.from('\uFEFFname.txt'), '\uFEFFname.txt'],
    ['a name that begins with U+FEFF and has a percent sign', Buffer.from('\uFEFF5%'), '\uFEFF5%25'],
  ] as const) {
    it(name, () => {
      expect(escapePath(bytes)).toBe(written);
      expect(unescapePath(written).equals(bytes)).toBe(true);
    });
  }
});
