/**
 * Restore verification rows in the UI language: the engine's English check names and details are
 * rebuilt in Japanese with names and counts kept, and unknown wording passes through unchanged.
 */
import { describe, expect, it } from 'vitest';
import '../../renderer/src/i18n/index.js';
import { checkDetail, checkName } from '../../renderer/src/lib/check-text.js';

describe('check-text', () => {
  it('rebuilds the common checks in Japanese, keeping names and counts', () => {
    expect(checkName('tables', 'ja')).toBe('テーブル');
    expect(checkName('rows in `orders`', 'ja')).toBe('`orders` の行数');
    expect(checkName('keys in db 3', 'ja')).toBe('DB 3 のキー数');
    expect(checkName('restored files', 'ja')).toBe('復元したファイル');
    expect(checkDetail('all 2 present', 'ja')).toBe('2 件すべてあります');
    expect(checkDetail('60 as in the snapshot', 'ja')).toBe('スナップショットと同じ 60 行');
    expect(checkDetail('expected 60, found 58 (-2)', 'ja')).toBe('60 行のはずが 58 行です（-2）');
    expect(checkDetail('120 keys on the server, 120 in the backup', 'ja')).toBe('サーバーに 120 件、バックアップに 120 件');
  });

  it('shows the engine text in English, and unknown wording as it is', () => {
    expect(checkName('rows in `orders`', 'en')).toBe('rows in `orders`');
    expect(checkDetail('60 as in the snapshot', 'en')).toBe('60 as in the snapshot');
    expect(checkName('something new', 'ja')).toBe('something new');
    expect(checkDetail('1 of 3 missing: `a`', 'ja')).toBe('1 of 3 missing: `a`');
  });
});
