/**
 * "Start Kura when I log in" — backups only run while Kura runs, so this is on by default.
 * Windows and macOS have it built in (`app.setLoginItemSettings`); Linux desktops follow the
 * freedesktop autostart spec: a `.desktop` file in ~/.config/autostart. Kura starts `--hidden`
 * at login: the tray icon, not a window in the admin's face every morning.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const HIDDEN_ARG = '--hidden';

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  execPath: string;
  env: NodeJS.ProcessEnv;
}

export function autostartDir(env: NodeJS.ProcessEnv): string {
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'autostart');
}

/** Quotes one Exec argument as the Desktop Entry spec requires. */
export function desktopExecArg(arg: string): string {
  return /^[A-Za-z0-9_./:=+-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(execPath: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Kura',
    'Comment=Backups of the shop website',
    `Exec=${desktopExecArg(execPath)} ${HIDDEN_ARG}`,
    'Icon=kura',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export async function applyStartAtLogin(enabled: boolean, deps: LoginItemDeps): Promise<void> {
  switch (deps.platform) {
    case 'win32':
    case 'darwin':
      deps.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
      return;
    default: {
      const file = join(autostartDir(deps.env), 'kura.desktop');
      if (!enabled) {
        await rm(file, { force: true });
        return;
      }
      // An AppImage's own path changes nothing at runtime; $APPIMAGE is the file the user launched.
      const exec = deps.env['APPIMAGE'] || deps.execPath;
      await mkdir(autostartDir(deps.env), { recursive: true });
      await writeFile(file, autostartEntry(exec), { mode: 0o644 });
    }
  }
}
