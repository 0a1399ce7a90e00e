import { stat } from 'node:fs/promises';

/** True when something exists at the path (a missing disk or folder is simply false). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** True when the path is a folder (following symlinks); false when missing or not a folder. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
