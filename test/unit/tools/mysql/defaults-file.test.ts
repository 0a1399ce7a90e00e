import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ON_WINDOWS } from '../../../harness/platform.js';
import { describe, expect, it } from 'vitest';
import { formatOptionValue, renderDefaultsFile, withDefaultsFile } from '../../../../electron/engine/tools/mysql/defaults-file.js';

describe('formatOptionValue', () => {
  it('quotes and escapes what the option-file reader would otherwise change', () => {
    expect(formatOptionValue('plain')).toBe('"plain"');
    expect(formatOptionValue('a"b')).toBe('"a\\"b"');
    expect(formatOptionValue("a'b")).toBe('"a\\\'b"');
    expect(formatOptionValue('a\\b')).toBe('"a\\\\b"');
    expect(formatOptionValue('#not a comment; nor this')).toBe('"#not a comment; nor this"');
    expect(formatOptionValue('  spaces kept  ')).toBe('"  spaces kept  "');
    expect(formatOptionValue('line1\nline2\r\tx\b')).toBe('"line1\\nline2\\r\\tx\\b"');
    expect(formatOptionValue('寿司🍣=x')).toBe('"寿司🍣=x"');
    expect(formatOptionValue('')).toBe('""');
    // Every output is one line: nothing can start a new option or section.
    expect(formatOptionValue('x\n[mysqld]\nuser=root')).not.toContain('\n');
  });

  it('refuses NUL, which cannot be represented', () => {
    expect(() => formatOptionValue('a\0b', 'password')).toThrow(expect.objectContaining({ code: 'invalid-option-value', category: 'config' }));
  });
});

describe('renderDefaultsFile', () => {
  it('writes a [client] group with TCP forced and the password quoted', () => {
    expect(renderDefaultsFile({ host: 'db.example.jp', port: 3307, user: "o'brien", password: 'p"w' })).toBe(
      '[client]\nhost="db.example.jp"\nport=3307\nprotocol=TCP\nuser="o\\\'brien"\npassword="p\\"w"\n',
    );
  });

  it('omits the password line when there is none', () => {
    expect(renderDefaultsFile({ host: '127.0.0.1', port: 3306, user: 'u', password: null })).not.toContain('password');
  });

  it('rejects a bad port', () => {
    expect(() => renderDefaultsFile({ host: 'h', port: 0, user: 'u', password: null })).toThrow(expect.objectContaining({ code: 'invalid-option-value' }));
  });
});

describe('withDefaultsFile', () => {
  const target = { host: '127.0.0.1', port: 3306, user: 'backup', password: 's3cret' };

  it('creates a 0600 file in a private 0700 folder and deletes both afterwards', async () => {
    let seen = '';
    const out = await withDefaultsFile(target, async (path) => {
      seen = path;
      // Mode bits are POSIX; on Windows the folder under %TEMP% is private to the user by its ACL.
      if (!ON_WINDOWS) {
        expect((await stat(path)).mode & 0o777).toBe(0o600);
        expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
      }
      expect(await readFile(path, 'utf8')).toContain('password="s3cret"');
      return 42;
    });
    expect(out).toBe(42);
    await expect(stat(seen)).rejects.toThrow();
    await expect(stat(dirname(seen))).rejects.toThrow();
  });

  it('deletes the file when the work throws', async () => {
    let seen = '';
    await expect(
      withDefaultsFile(target, async (path) => {
        seen = path;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen).not.toBe('');
    await expect(stat(dirname(seen))).rejects.toThrow();
  });
});
