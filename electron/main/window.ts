/**
 * The main window, locked down: the renderer is untrusted code from the engine's point of view
 * (it shows text from servers, log lines, file names), so it gets no Node, runs sandboxed with
 * context isolation, may load only its own scripts (CSP), cannot navigate away or open windows,
 * and every permission request (camera, notifications, geolocation…) is refused. Its one way out
 * is the preload's `window.kura`, whose calls are validated again in the main process.
 */
import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type Session, type WebContents } from 'electron';
import { isAppUrl, rendererUrl, type RendererLocation } from './app-url.js';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 820,
    minHeight: 560,
    title: 'Kura',
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#f7f5f0',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/**
 * Packaged: only our own files. Dev: the Vite dev server also needs inline scripts (React
 * refresh preamble) and its HMR socket.
 */
export function contentSecurityPolicy(location: RendererLocation): string {
  const base = [
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ];
  switch (location.kind) {
    case 'file':
      return [...base, "script-src 'self'", "connect-src 'self'"].join('; ');
    case 'dev-server': {
      const origin = new URL(location.url);
      return [...base, "script-src 'self' 'unsafe-inline'", `connect-src 'self' ws://${origin.host}`].join('; ');
    }
  }
}

export function hardenSession(session: Session, location: RendererLocation): void {
  const csp = contentSecurityPolicy(location);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp], 'X-Content-Type-Options': ['nosniff'] } });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Pages outside Kura a link in the UI may open, in the system's browser (and nothing else). */
export const EXTERNAL_PAGES: readonly string[] = ['https://healthchecks.io/', 'https://uptime.kuma.pet/'];

export function hardenWebContents(wc: WebContents, location: RendererLocation, log: (message: string) => void = () => {}): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(location, url)) return;
    event.preventDefault();
    log(`blocked navigation to ${url.slice(0, 200)}`);
  };
  wc.on('will-navigate', guard);
  wc.on('will-redirect', guard);
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    // The few pages the UI links to (the heartbeat services) open in the admin's browser.
    if (EXTERNAL_PAGES.includes(url)) void shell.openExternal(url);
    else log(`blocked window.open(${url.slice(0, 200)})`);
    return { action: 'deny' };
  });
}

export function createMainWindow(options: { preloadPath: string; location: RendererLocation; log?: (message: string) => void }): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(options.preloadPath));
  hardenSession(win.webContents.session, options.location);
  hardenWebContents(win.webContents, options.location, options.log);
  win.once('ready-to-show', () => win.show());
  switch (options.location.kind) {
    case 'file':
      void win.loadFile(options.location.path);
      break;
    case 'dev-server':
      void win.loadURL(rendererUrl(options.location));
      break;
  }
  return win;
}
