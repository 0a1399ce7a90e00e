/**
 * Where the app's unpacked resources are: `process.resourcesPath` in the installed app (electron-builder's
 * extraResources land there), the repo's `resources/` folder in development (`app.getAppPath()` is
 * the project root under electron-vite dev). Tray icons and bundled tools are both found from here.
 */
import { join } from 'node:path';

export interface AppLocation {
  /** `app.isPackaged`. */
  isPackaged: boolean;
  /** `process.resourcesPath`. */
  resourcesPath: string;
  /** `app.getAppPath()`: only used in development, where it is the repo root. */
  appPath: string;
}

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

export function resourcesDir(location: AppLocation): string {
  return location.isPackaged ? location.resourcesPath : join(location.appPath, 'resources');
}
