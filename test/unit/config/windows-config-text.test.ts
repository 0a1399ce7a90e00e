/**
 * config.json as Windows tools save it (defect 11 of the Windows issue): Notepad and PowerShell 5
 * write a UTF-8 byte-order mark, and admins type Windows paths with single backslashes.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/engine/config/config-store.js';
import { tempDir } from '../../harness/tmp.js';

const job = (path: string) =>
  `{"version": 1, "jobs": [{"id": "shop", "name": "Shop",\n  "destination": {"path": "${path}"},\n  "sources": [{"id": "cache", "type": "redis", "host": "127.0.0.1", "port": 6379}]}]}`;

describe('config.json written on Windows', () => {
  let home: { path: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    home = await tempDir();
  });
  afterEach(() => home.cleanup());

  it('accepts a UTF-8 byte-order mark (Notepad, PowerShell 5)', async () => {
    await writeFile(join(home.path, 'config.json'), '\uFEFF' + job('D:\\\\KuraBackups'));
    const cfg = await loadConfig(home.path);
    expect(cfg.jobs[0]!.destination.path).toBe('D:\\KuraBackups');
  });

  it('explains a single backslash with the place and the fix, not "a missing comma"', async () => {
    await writeFile(join(home.path, 'config.json'), '\uFEFF' + job('D:\\KuraBackups\\shop'));
    const err = await loadConfig(home.path).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'config-invalid', category: 'config' });
    const { message, hint } = err as { message: string; hint: string };
    expect(message).toContain('line 2, column 30');
    expect(message).toContain('"D:\\KuraBackups\\shop" has a single backslash');
    expect(hint).toContain('"D:\\\\KuraBackups\\\\shop"');
    expect(hint).toContain('"D:/KuraBackups/shop"');
    expect(hint).not.toMatch(/comma/);
  });
});
