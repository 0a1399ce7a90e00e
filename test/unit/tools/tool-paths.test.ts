/**
 * Tool paths from Settings reach the resolver under the names it reads, and any installed MariaDB or
 * MySQL Server version is found on Windows (Windows issue, defect 7).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/engine/config/config-store.js';
import { createToolResolver, knownInstallDirs } from '../../../electron/engine/tools/resolve-tool.js';
import { tempDir } from '../../harness/tmp.js';

const config = (toolPaths: Record<string, string>) => ({ version: 1, jobs: [], settings: { toolPaths } });

describe('settings.toolPaths', () => {
  it('keeps the programs the resolver reads, drops the old "mysql-client" and "keychain" keys, refuses others', () => {
    expect(parseConfig(config({ mysqldump: 'C:\\m\\mysqldump.exe', ssh: 'C:\\s\\ssh.exe', 'mysql-client': 'x', keychain: 'y' })).settings.toolPaths).toEqual({
      mysqldump: 'C:\\m\\mysqldump.exe',
      ssh: 'C:\\s\\ssh.exe',
    });
    expect(() => parseConfig(config({ gzip: '/bin/gzip' }))).toThrow(/toolPaths/);
  });
});

describe('MariaDB and MySQL install folders on Windows', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir('kura-pf-');
  });
  afterEach(() => tmp.cleanup());

  it('finds any installed version, newest first, in both Program Files', async () => {
    const pf = join(tmp.path, 'Program Files');
    const pf86 = join(tmp.path, 'Program Files (x86)');
    for (const d of [join(pf, 'MariaDB 10.6'), join(pf, 'MariaDB 11.8'), join(pf, 'MySQL', 'MySQL Server 5.7'), join(pf86, 'MySQL', 'MySQL Server 8.0')]) {
      await mkdir(join(d, 'bin'), { recursive: true });
    }
    const dirs = knownInstallDirs('win32', { ProgramFiles: pf, 'ProgramFiles(x86)': pf86 });
    expect(dirs.filter((d) => !d.includes('cwRsync'))).toEqual([
      join(pf, 'MariaDB 11.8', 'bin'),
      join(pf, 'MariaDB 10.6', 'bin'),
      join(pf, 'MySQL', 'MySQL Server 5.7', 'bin'),
      join(pf86, 'MySQL', 'MySQL Server 8.0', 'bin'),
    ]);
    await writeFile(join(pf, 'MariaDB 10.6', 'bin', 'mariadb-dump.exe'), '', { mode: 0o755 });
    const found = await createToolResolver({ platform: 'win32', env: { ProgramFiles: pf, 'ProgramFiles(x86)': pf86, PATH: '' } }).resolve('mariadb-dump');
    expect(found).toBe(join(pf, 'MariaDB 10.6', 'bin', 'mariadb-dump.exe'));
  });
});
