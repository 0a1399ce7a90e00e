import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Kura keeps its state (config.json, run history, logs, locks): `$KURA_HOME` when set,
 * else the OS app-data folder "Kura" — the same folder Electron's `app.getPath('userData')` gives
 * for productName Kura, so the CLI and the app share one state.
 */
export function kuraHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['KURA_HOME']) return env['KURA_HOME'];
  switch (platform) {
    case 'win32':
      return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Kura');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Kura');
    default:
      return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Kura');
  }
}
