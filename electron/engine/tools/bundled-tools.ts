/**
 * Where the tools shipped with Kura live (cwRsync on Windows: rsync.exe, ssh.exe, cygwin1.dll and
 * its etc/fstab), for every way Kura runs:
 *   installed app    <resources>/app.asar/out/{main,cli}  →  <resources>/bin/<os> (Windows: bin/win/bin)
 *   project folder   <repo>/out/cli or <repo>/electron/cli  →  <repo>/resources/bin/<os>
 *   npm package      <pkg>/out/cli                       →  <pkg>/resources/bin/<os> (empty on Linux)
 * The app's main process, `kura`, `kura daemon` and `kura serve` all search here before the
 * well-known install folders and PATH, so a Windows install behaves the same from every entry.
 */
import { basename, dirname, join } from 'node:path';

/** electron-builder's `${os}` names, used for folders under resources/bin and resources/tray. */
export type OsFolder = 'win' | 'mac' | 'linux';

export function osFolder(platform: NodeJS.Platform): OsFolder {
  switch (platform) {
    case 'win32':
      return 'win';
    case 'darwin':
      return 'mac';
    default:
      return 'linux';
  }
}

/**
 * The resources folder for an app root (the folder holding out/): the installed app's root is
 * app.asar (or app, unpacked) inside the resources folder (Resources on macOS); anywhere else it
 * holds resources/ (a project folder that happens to be called "app" included).
 */
export function resourcesDirOfAppRoot(appRoot: string): string {
  const name = basename(appRoot).toLowerCase();
  const inResources = basename(dirname(appRoot)).toLowerCase() === 'resources';
  return inResources && (name === 'app.asar' || name === 'app') ? dirname(appRoot) : join(appRoot, 'resources');
}

/**
 * The folders holding tools shipped with Kura, for this platform, given the resources folder. On
 * Windows, resources/bin/win is a small Cygwin root: the programs and DLLs in its bin/, and etc/fstab
 * beside it. Cygwin takes its root from the folder above the one holding cygwin1.dll, and that
 * fstab's `noacl` keeps restored files' inherited Windows permissions (docs/windows.md).
 */
export function bundledToolDirsIn(resourcesDir: string, platform: NodeJS.Platform): string[] {
  const os = osFolder(platform);
  return os === 'win' ? [join(resourcesDir, 'bin', os, 'bin')] : [join(resourcesDir, 'bin', os)];
}

/** The same, from the folder holding out/ (the CLI's view). */
export function bundledToolDirs(appRoot: string, platform: NodeJS.Platform): string[] {
  return bundledToolDirsIn(resourcesDirOfAppRoot(appRoot), platform);
}
