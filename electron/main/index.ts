/**
 * The Electron main process: one instance, living in the tray. Closing the window hides it (the
 * scheduler keeps running); only "Quit" in the tray menu ends Kura, after cancelling a running
 * backup cleanly. While a backup or restore runs the PC is kept from sleeping, and on resume from
 * sleep missed runs are checked at once.
 */
import { join } from 'node:path';
import { app, dialog, powerMonitor, powerSaveBlocker, shell, type BrowserWindow } from 'electron';
import { kuraHome } from '../engine/paths.js';
import { createSecretStore } from '../engine/secrets/choose-secret-store.js';
import { createKuraService, type KuraService } from '../service/kura-service.js';
import { languageFromLocale } from '../service/system-language.js';
import type { SettingsDto } from '../shared/ipc-contract.js';
import type { RendererLocation } from './app-url.js';
import { forwardEvents, registerIpc, trustedSender } from './ipc.js';
import { applyStartAtLogin, HIDDEN_ARG } from './login-item.js';
import { createOsNotifier, navigationFor } from './notifier.js';
import { loadShellState, saveShellState } from './shell-state.js';
import { createBundledToolResolver } from './tools/resolve-bundled-tool.js';
import { resourcesDir } from './tools/resources-dir.js';
import { createTrayController } from './tray/tray-controller.js';
import { wireTray } from './tray-wiring.js';
import { createMainWindow } from './window.js';

const APP_ID = 'jp.kura.app';

const log = (message: string) => process.stderr.write(`${new Date().toISOString()} kura: ${message}\n`);

function rendererLocation(): RendererLocation {
  const dev = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && dev) return { kind: 'dev-server', url: dev };
  return { kind: 'file', path: join(import.meta.dirname, '..', 'renderer', 'index.html') };
}

async function boot(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  await app.whenReady();

  const home = kuraHome();
  const location = rendererLocation();
  const appLocation = { isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() };
  let win: BrowserWindow | null = null;
  let quitting = false;
  let service: KuraService | null = null;

  const loginDeps = { platform: process.platform, setLoginItemSettings: (s: { openAtLogin: boolean; args?: string[] }) => app.setLoginItemSettings(s), execPath: process.execPath, env: process.env };
  const applyLogin = (s: SettingsDto) => {
    // Development runs would register the bare Electron binary; only the installed app registers.
    if (app.isPackaged) applyStartAtLogin(s.startAtLogin, loginDeps).catch((err: unknown) => log(`start at login: ${(err as Error).message}`));
  };

  const showWindow = () => {
    if (!win || win.isDestroyed()) {
      win = createMainWindow({ preloadPath: join(import.meta.dirname, '..', 'preload', 'index.cjs'), location, log });
      win.on('close', (event) => {
        if (quitting) return;
        // Closing the window is not quitting: backups must keep running from the tray.
        event.preventDefault();
        win?.hide();
        void firstCloseNotice();
      });
      return;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const firstCloseNotice = async () => {
    if (process.platform !== 'win32') return;
    const state = await loadShellState(home);
    if (state.closeNoticeShown) return;
    await saveShellState(home, { ...state, closeNoticeShown: true });
    const ja = service?.language() === 'ja';
    createOsNotifier({ onClick: () => showWindow(), log }).notify({
      kind: 'recovery',
      jobId: '',
      title: 'Kura',
      body: ja
        ? 'Kura はタスクトレイで動き続け、スケジュールどおりにバックアップします。終了するにはトレイアイコンを右クリックして「終了」を選んでください。'
        : 'Kura keeps running in the tray and backs up on schedule. To quit, right-click the tray icon and choose Quit.',
    });
  };

  const notifier = createOsNotifier({
    iconPath: join(resourcesDir(appLocation), 'icon.png'),
    log,
    onClick: (n) => {
      showWindow();
      service?.emit('ui.navigate', navigationFor(n));
    },
  });

  service = createKuraService({
    home,
    secrets: createSecretStore(process.env),
    notifier,
    mode: 'electron',
    systemLanguage: languageFromLocale(app.getLocale()),
    restore: 'engine',
    toolResolver: (overrides) => createBundledToolResolver({ ...appLocation, platform: process.platform, overrides }),
    logger: { log: (level, message) => (level === 'debug' ? undefined : log(`${level}: ${message}`)) },
    onSettingsChanged: applyLogin,
    openFolderDialog: async ({ title }) => {
      const r = await (win && !win.isDestroyed()
        ? dialog.showOpenDialog(win, { properties: ['openDirectory', 'createDirectory'], ...(title ? { title } : {}) })
        : dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory'], ...(title ? { title } : {}) }));
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    openPath: async (path) => {
      const error = await shell.openPath(path);
      if (error) throw new Error(error);
    },
  });
  const svc = service;

  registerIpc({ service: svc, isTrusted: trustedSender(() => win, location), log });
  forwardEvents(svc, () => win);

  let blocker: number | null = null;
  svc.onBusyChange((busy) => {
    if (busy && blocker === null) blocker = powerSaveBlocker.start('prevent-app-suspension');
    if (!busy && blocker !== null) {
      powerSaveBlocker.stop(blocker);
      blocker = null;
    }
  });
  powerMonitor.on('resume', () => svc.scheduler.checkMissed());

  const tray = wireTray({
    service: svc,
    createController: (handlers) => createTrayController({ resourcesDir: resourcesDir(appLocation), platform: process.platform, handlers }),
    platform: process.platform,
    showWindow,
    navigate: (screen) => svc.emit('ui.navigate', { screen }),
    quit: () => app.quit(),
    log,
  });

  app.on('second-instance', () => showWindow());
  // Kura lives in the tray: the last window closing is not a reason to quit.
  app.on('window-all-closed', () => {});
  app.on('activate', () => showWindow());
  app.on('before-quit', () => {
    quitting = true;
  });
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void svc
      .stop()
      .catch((err: unknown) => log(`stopping: ${(err as Error).message}`))
      .finally(() => {
        stopped = true;
        tray.destroy();
        app.quit();
      });
  });

  await svc.start();
  tray.refresh(await svc.methods['status.get']());
  applyLogin(svc.settings());
  if (!process.argv.includes(HIDDEN_ARG)) showWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Kura is running: it shows its window (second-instance) and this one leaves.
  app.quit();
} else {
  boot().catch((err: unknown) => {
    log(`start-up failed: ${(err as Error).stack ?? String(err)}`);
    dialog.showErrorBox('Kura could not start', (err as Error).message);
    app.exit(1);
  });
}
