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

export { osFolder, type OsFolder } from '../../engine/tools/bundled-tools.js';

export function resourcesDir(location: AppLocation): string {
  return location.isPackaged ? location.resourcesPath : join(location.appPath, 'resources');
}
