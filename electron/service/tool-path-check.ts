/**
 * Settings' tool paths are checked on Save: a path with no file behind it (a typo, a folder) is
 * refused with the tool's name, so the screen can say it at that tool's box and nothing is saved.
 * Saved, it would have shown "Settings saved" and left the night's backup to fail on it.
 */
import { stat } from 'node:fs/promises';
import { KuraError } from '../engine/errors.js';

export async function checkToolPaths(toolPaths: Readonly<Record<string, string>>): Promise<void> {
  for (const [tool, path] of Object.entries(toolPaths)) {
    const info = await stat(path).catch(() => null);
    if (info === null) throw new KuraError({ code: 'tool-path-missing', params: { tool, path }, category: 'config' });
    if (info.isDirectory()) throw new KuraError({ code: 'tool-path-folder', params: { tool, path }, category: 'config' });
  }
}
