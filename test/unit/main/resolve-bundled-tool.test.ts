import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledToolDirs, createBundledToolResolver } from '../../../electron/main/tools/resolve-bundled-tool.js';
import { osFolder, resourcesDir } from '../../../electron/main/tools/resources-dir.js';
import { skipOnWindows } from '../../harness/platform.js';
import { tempDir } from '../../harness/tmp.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function fakeExecutable(dir: string, file: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, file);
  await writeFile(path, '#!/bin/sh\nexit 0\n');
  await chmod(path, 0o755);
  return path;
}

describe('bundled tool folders', () => {
  it('uses <resourcesPath>/bin/<os> when packaged', () => {
    const loc = { isPackaged: true, resourcesPath: '/opt/Kura/resources', appPath: '/opt/Kura/resources/app.asar' };
    expect(bundledToolDirs({ ...loc, platform: 'win32' })).toEqual([join('/opt/Kura/resources', 'bin', 'win', 'bin')]);
    expect(bundledToolDirs({ ...loc, platform: 'darwin' })).toEqual([join('/opt/Kura/resources', 'bin', 'mac')]);
    expect(bundledToolDirs({ ...loc, platform: 'linux' })).toEqual([join('/opt/Kura/resources', 'bin', 'linux')]);
  });

  it("uses the repo's resources/bin/<os> in development, and that folder exists", () => {
    const dirs = bundledToolDirs({ isPackaged: false, resourcesPath: '/nonexistent/electron/resources', appPath: repoRoot, platform: 'win32' });
    expect(dirs).toEqual([join(repoRoot, 'resources', 'bin', 'win', 'bin')]);
    expect(existsSync(join(dirs[0]!, '..', 'licenses', 'GPL-3.0.txt'))).toBe(true);
    expect(resourcesDir({ isPackaged: false, resourcesPath: '/x', appPath: repoRoot })).toBe(join(repoRoot, 'resources'));
  });

  it("names OS folders the way electron-builder's ${os} does", () => {
    expect([osFolder('win32'), osFolder('darwin'), osFolder('linux'), osFolder('freebsd')]).toEqual(['win', 'mac', 'linux', 'linux']);
  });
});

describe('tool resolution order: Settings → bundled → known install folders → PATH', () => {
  let tmp: { path: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    tmp = await tempDir('kura-resolve-');
  });
  afterEach(async () => {
    await tmp.cleanup();
  });

  // Windows layout, simulated with temp folders: cwRsync under "Program Files" is a known install
  // folder there (on Linux there are none, so Windows is where all four steps can be seen).
  it('walks the four places in order (Windows layout)', async () => {
    const resourcesPath = join(tmp.path, 'Kura', 'resources');
    const programFiles = join(tmp.path, 'Program Files');
    const pathDir = join(tmp.path, 'path-bin');
    const override = await fakeExecutable(join(tmp.path, 'custom'), 'my-rsync.exe');
    const bundled = await fakeExecutable(join(resourcesPath, 'bin', 'win', 'bin'), 'rsync.exe');
    const known = await fakeExecutable(join(programFiles, 'cwRsync', 'bin'), 'rsync.exe');
    const onPath = await fakeExecutable(pathDir, 'rsync.exe');
    const env = { ProgramFiles: programFiles, 'ProgramFiles(x86)': join(tmp.path, 'none'), PATH: `${join(tmp.path, 'empty')};${pathDir}` };
    const resolver = (overrides?: { rsync: string }) =>
      createBundledToolResolver({ isPackaged: true, resourcesPath, appPath: join(resourcesPath, 'app.asar'), platform: 'win32', env, ...(overrides ? { overrides } : {}) });

    expect(await resolver({ rsync: override }).resolve('rsync')).toBe(override);
    expect(await resolver().resolve('rsync')).toBe(bundled);

    await rm(bundled);
    expect(await resolver().resolve('rsync')).toBe(known);
    await rm(known);
    expect(await resolver().resolve('rsync')).toBe(onPath);
    await rm(onPath);
    expect(await resolver().resolve('rsync')).toBeNull();
  });

  it('prefers the bundled copy to PATH in development too (Linux layout)', async (ctx) => {
    skipOnWindows(ctx, 'a file without the execute bit is skipped only where there is one (POSIX)');
    const appPath = join(tmp.path, 'repo');
    const bundled = await fakeExecutable(join(appPath, 'resources', 'bin', 'linux'), 'ssh');
    const pathDir = join(tmp.path, 'usr-bin');
    const onPath = await fakeExecutable(pathDir, 'ssh');
    const resolve = () =>
      createBundledToolResolver({ isPackaged: false, resourcesPath: '/nonexistent', appPath, platform: 'linux', env: { PATH: pathDir } }).resolve('ssh');
    expect(await resolve()).toBe(bundled);
    await chmod(bundled, 0o644); // not executable: skipped
    expect(await resolve()).toBe(onPath);
  });

  it('reports a broken Settings path instead of silently using another copy', async () => {
    const pathDir = join(tmp.path, 'usr-bin');
    await fakeExecutable(pathDir, 'rsync');
    const resolver = createBundledToolResolver({
      isPackaged: true,
      resourcesPath: join(tmp.path, 'resources'),
      appPath: '',
      platform: 'linux',
      env: { PATH: pathDir },
      overrides: { rsync: join(tmp.path, 'missing', 'rsync') },
    });
    expect(await resolver.resolve('rsync')).toBeNull();
  });
});

describe("cwRsync's Cygwin root", () => {
  it('ships etc/fstab beside bin/ with noacl on /cygdrive, so restored files inherit the folder permissions', async () => {
    const [dir] = bundledToolDirs({ isPackaged: false, resourcesPath: '/x', appPath: repoRoot, platform: 'win32' });
    const fstab = await readFile(join(dir!, '..', 'etc', 'fstab'), 'utf8');
    const mount = fstab.split('\n').find((l) => !l.startsWith('#') && l.trim() !== '');
    expect(mount?.split(/\s+/).slice(0, 3)).toEqual(['none', '/cygdrive', 'cygdrive']);
    expect(mount?.split(/\s+/)[3]?.split(',')).toContain('noacl');
  });
});

describe('the CLI finds the bundled tools from where it runs (out/cli two folders below the app root)', () => {
  it('installed app (app.asar or app inside resources), project folder, npm package — whatever the folder is called', async () => {
    const { bundledToolDirs: fromAppRoot } = await import('../../../electron/engine/tools/bundled-tools.js');
    expect(fromAppRoot(join('/opt', 'Kura', 'resources', 'app.asar'), 'win32')).toEqual([join('/opt', 'Kura', 'resources', 'bin', 'win', 'bin')]);
    expect(fromAppRoot(join('/Applications', 'Kura.app', 'Contents', 'Resources', 'app'), 'darwin')).toEqual([join('/Applications', 'Kura.app', 'Contents', 'Resources', 'bin', 'mac')]);
    expect(fromAppRoot(join('/home', 'u', 'app'), 'linux')).toEqual([join('/home', 'u', 'app', 'resources', 'bin', 'linux')]);
    expect(fromAppRoot(join('/usr', 'lib', 'node_modules', 'kura'), 'linux')).toEqual([join('/usr', 'lib', 'node_modules', 'kura', 'resources', 'bin', 'linux')]);
  });
});
