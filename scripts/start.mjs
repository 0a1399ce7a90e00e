#!/usr/bin/env node
/**
 * `npm start`: the desktop app (tray + window) where Electron can run; elsewhere — Electron's program
 * not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, a closed network) or no display — the same UI in a
 * browser through `kura serve`, saying why. Arguments after `--` go to `kura serve` (e.g. --port).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Why the desktop app cannot start here, or null when it can. */
export function whyNoDesktop(env = process.env, platform = process.platform) {
  let electron = null;
  try {
    const dir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
    const rel = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    if (existsSync(join(dir, 'dist', rel))) electron = join(dir, 'dist', rel);
  } catch {
    /* not installed */
  }
  if (!electron) return "Electron's own program is not installed (its download was skipped or failed)";
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display ($DISPLAY is not set)';
  return null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const why = whyNoDesktop();
  const run = (file, args) => {
    const child = spawn(file, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  };
  if (why === null) {
    run(join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite'), ['preview']);
  } else {
    console.error(`Kura: ${why}, so the desktop app cannot start here. Opening the same UI in your browser instead (kura serve; Ctrl+C stops it).`);
    run(process.execPath, [join(root, 'bin', 'kura.js'), 'serve', '--open', ...process.argv.slice(2)]);
  }
}
