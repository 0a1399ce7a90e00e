/**
 * What the shell itself remembers (not backup state): whether the "Kura keeps running in the
 * tray" notice was shown. A separate small file so a damaged one only means showing it again.
 */
import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from '../engine/util/atomic-write.js';
import { homeLayout } from '../engine/home-layout.js';

export interface ShellState {
  closeNoticeShown: boolean;
}

export function shellStatePath(home: string): string {
  return homeLayout.stateFile(home, 'shell');
}

export async function loadShellState(home: string): Promise<ShellState> {
  try {
    const raw = JSON.parse(await readFile(shellStatePath(home), 'utf8')) as Partial<ShellState>;
    return { closeNoticeShown: raw.closeNoticeShown === true };
  } catch {
    return { closeNoticeShown: false };
  }
}

export async function saveShellState(home: string, state: ShellState): Promise<void> {
  await writeJsonAtomic(shellStatePath(home), state, 0o600);
}
