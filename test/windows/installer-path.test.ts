/**
 * The installer's PATH option (resources/installer.nsh, included by electron-builder's NSIS script):
 * a test installer built with Debian's makensis around the same macros runs in the Windows job's
 * Wine prefix. With /KURAPATH the user's PATH gains <install>\bin (where kura.cmd is), the
 * uninstaller takes it off again, and a silent install without it leaves PATH alone. (x64 stub:
 * this Wine runs 64-bit programs only; electron-builder's own installer stub is 32-bit.)
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../harness/tmp.js';
import { startWineServer, stopWineServer, windowsJob } from './wine.js';

const job = windowsJob();
const NSH = resolve(import.meta.dirname, '..', '..', 'resources', 'installer.nsh');
const INSTDIR = 'C:\\users\\Public\\KuraTest';

function wine(...args: string[]): string {
  const r = spawnSync('wine', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  spawnSync('wineserver', ['-w'], { timeout: 60_000 });
  return r.stdout.replace(/\r/g, '');
}

const userPath = () => /Path\s+REG_EXPAND_SZ\s+(.*)$/m.exec(wine('reg', 'query', 'HKCU\\Environment', '/v', 'Path'))?.[1]?.trim() ?? '';

describe.skipIf(!job)('the installer offers the kura command on PATH (Wine)', () => {
  // `wineserver -w` (below) waits for the installer's detached uninstaller copy, so the prefix's
  // server must be one that exits when its programs have: the job's own server stays up (run.sh),
  // so it is stopped for this file and started again after it.
  beforeAll(stopWineServer);
  afterAll(startWineServer);
  it('adds <install>\\bin with /KURAPATH, removes it on uninstall, leaves PATH alone otherwise', async () => {
    const dir = await tempDir('kura-nsis-');
    try {
      const nsi = join(dir.path, 'test.nsi');
      const exe = join(dir.path, 'kura-path-test.exe');
      await writeFile(
        nsi,
        [
          'Target amd64-unicode',
          'Unicode true',
          `!include "${NSH}"`,
          'Name "KuraPathTest"',
          `OutFile "${exe}"`,
          `InstallDir "${INSTDIR}"`,
          'RequestExecutionLevel user',
          'Section "Install"',
          '  SetOutPath "$INSTDIR"',
          '  WriteUninstaller "$INSTDIR\\uninstall.exe"',
          '  !insertmacro customInstall',
          'SectionEnd',
          'Section "Uninstall"',
          '  !insertmacro customUnInstall',
          '  Delete "$INSTDIR\\uninstall.exe"',
          'SectionEnd',
        ].join('\n'),
      );
      const made = spawnSync('makensis', ['-V2', nsi], { encoding: 'utf8' });
      expect(made.status, made.stdout + made.stderr).toBe(0);
      await mkdir(dir.path, { recursive: true });

      const before = userPath();
      wine(exe, '/S');
      expect(userPath()).toBe(before);
      wine(exe, '/S', '/KURAPATH');
      expect(userPath().split(';')).toContain(`${INSTDIR}\\bin`);
      wine(exe, '/S', '/KURAPATH'); // a reinstall does not add it twice
      expect(userPath().split(';').filter((p) => p === `${INSTDIR}\\bin`)).toHaveLength(1);
      wine(`${INSTDIR}\\uninstall.exe`, '/S');
      expect(userPath().split(';')).not.toContain(`${INSTDIR}\\bin`);
      expect(await readFile(NSH, 'utf8')).toContain('kuraPathQuestion');
    } finally {
      await dir.cleanup();
    }
  });
});
