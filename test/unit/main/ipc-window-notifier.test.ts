/**
 * The rest of the shell's security and glue with Electron mocked: the window's web preferences and
 * CSP, navigation / window.open / permission blocking, notifications (a click opens the job's run
 * log), the preload bridge, and the Linux autostart entry.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

class FakeNotification {
  static created: FakeNotification[] = [];
  static supported = true;
  static isSupported = () => FakeNotification.supported;
  handlers = new Map<string, () => void>();
  shown = false;
  constructor(public options: { title: string; body: string }) {
    FakeNotification.created.push(this);
  }
  on(event: string, fn: () => void) {
    this.handlers.set(event, fn);
    return this;
  }
  show() {
    this.shown = true;
  }
}
const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'pong' }));
const rendererListeners = new Map<string, Set<(...a: unknown[]) => void>>();
const openExternal = vi.fn(async (_url: string) => {});
vi.mock('electron', () => ({
  shell: { openExternal: (url: string) => openExternal(url) },
  Notification: FakeNotification,
  BrowserWindow: class {},
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...a: unknown[]) => invoke(...a),
    on: (ch: string, fn: (...a: unknown[]) => void) => {
      const s = rendererListeners.get(ch) ?? new Set();
      rendererListeners.set(ch, s);
      s.add(fn);
    },
    removeListener: (ch: string, fn: (...a: unknown[]) => void) => rendererListeners.get(ch)?.delete(fn),
  },
}));

const { mainWindowOptions, contentSecurityPolicy, hardenSession, hardenWebContents } = await import('../../../electron/main/window.js');
const { createOsNotifier, navigationFor } = await import('../../../electron/main/notifier.js');
const { applyStartAtLogin, autostartEntry } = await import('../../../electron/main/login-item.js');
const { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } = await import('../../../electron/shared/ipc-contract.js');
import type { KuraBridge } from '../../../electron/shared/ipc-contract.js';
import type { RendererLocation } from '../../../electron/main/app-url.js';

const location: RendererLocation = { kind: 'file', path: '/opt/kura/out/renderer/index.html' };

describe('main window security', () => {
  it('isolates and sandboxes the renderer', () => {
    const o = mainWindowOptions('/opt/kura/out/preload/index.cjs');
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false });
    expect(o.webPreferences?.preload).toBe('/opt/kura/out/preload/index.cjs');
    expect(o.show).toBe(false);
  });

  it('sets a strict CSP on every response and denies every permission', () => {
    let headerFn: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | null = null;
    let requestFn: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    let checkFn: (() => boolean) | null = null;
    hardenSession(
      {
        webRequest: { onHeadersReceived: (fn: typeof headerFn) => (headerFn = fn) },
        setPermissionRequestHandler: (fn: typeof requestFn) => (requestFn = fn),
        setPermissionCheckHandler: (fn: typeof checkFn) => (checkFn = fn),
      } as never,
      location,
    );
    let out: { responseHeaders: Record<string, string[]> } | null = null;
    headerFn!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (out = r as typeof out));
    const csp = out!.responseHeaders['Content-Security-Policy']![0]!;
    expect(csp).toBe(contentSecurityPolicy(location));
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("object-src 'none'");
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      let granted: boolean | null = null;
      requestFn!({}, permission, (ok) => (granted = ok));
      expect(granted).toBe(false);
    }
    expect(checkFn!()).toBe(false);
  });

  it('blocks navigation away, redirects, webviews and window.open', () => {
    const on = new Map<string, (e: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    hardenWebContents({ on: (ev: string, fn: never) => on.set(ev, fn), setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn) } as never, location);
    const nav = (ev: string, url: string) => {
      const e = { prevented: false, preventDefault() { this.prevented = true; } };
      on.get(ev)!(e, url);
      return e.prevented;
    };
    expect(nav('will-navigate', 'https://evil.example/')).toBe(true);
    expect(nav('will-navigate', pathToFileURL('/etc/passwd').href)).toBe(true);
    expect(nav('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(nav('will-navigate', pathToFileURL(location.kind === 'file' ? location.path : '').href + '#/settings')).toBe(false);
    expect(nav('will-attach-webview', 'x')).toBe(true);
    expect(openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
    // The heartbeat services the alert settings link to open in the system's browser, nothing else.
    expect(openHandler!({ url: 'https://healthchecks.io/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://healthchecks.io/');
  });

  it('allows the dev server only in dev, with its HMR socket', () => {
    const csp = contentSecurityPolicy({ kind: 'dev-server', url: 'http://localhost:5173/' });
    expect(csp).toContain('connect-src \'self\' ws://localhost:5173');
  });
});

describe('OS notifications', () => {
  it('shows the scheduler notice and a click navigates to the job run log', () => {
    const clicks: unknown[] = [];
    const notifier = createOsNotifier({ onClick: (n) => clicks.push(navigationFor(n)) });
    notifier.notify({ kind: 'failure', jobId: 'shop', title: 'Backup failed', body: 'MySQL refused the password' });
    const note = FakeNotification.created.at(-1)!;
    expect(note.shown).toBe(true);
    expect(note.options).toMatchObject({ title: 'Backup failed', body: 'MySQL refused the password' });
    note.handlers.get('click')!();
    expect(clicks).toEqual([{ screen: 'runs', jobId: 'shop' }]);
  });

  it('logs instead when the OS has no notifications', () => {
    FakeNotification.supported = false;
    const lines: string[] = [];
    const before = FakeNotification.created.length;
    createOsNotifier({ onClick() {}, log: (m) => lines.push(m) }).notify({ kind: 'overdue', jobId: 'shop', title: 'Overdue', body: 'No backup for 2 days' });
    FakeNotification.supported = true;
    expect(FakeNotification.created.length).toBe(before);
    expect(lines[0]).toContain('Overdue');
  });
});

describe('preload bridge', () => {
  it('exposes exactly call and on as window.kura', async () => {
    await import('../../../electron/preload/index.js');
    const kura = exposed.get('kura') as KuraBridge;
    expect(Object.keys(kura).sort()).toEqual(['call', 'on']);
    expect(await kura.call('jobs.get', 'shop')).toEqual({ ok: true, value: 'pong' });
    expect(invoke).toHaveBeenCalledWith(IPC_CALL_CHANNEL, 'jobs.get', ['shop']);
    const got: unknown[] = [];
    const off = kura.on('ui.navigate', (p) => got.push(p));
    const emit = (name: string, payload: unknown) => [...(rendererListeners.get(IPC_EVENT_CHANNEL) ?? [])].forEach((f) => f({}, name, payload));
    emit('ui.navigate', { screen: 'runs' });
    emit('run.log', { line: 'x' });
    off();
    emit('ui.navigate', { screen: 'settings' });
    expect(got).toEqual([{ screen: 'runs' }]);
    // Not a contract event: nothing is subscribed.
    const before = rendererListeners.get(IPC_EVENT_CHANNEL)?.size ?? 0;
    (kura.on as (e: string, l: () => void) => () => void)('kura:internal', () => {});
    expect(rendererListeners.get(IPC_EVENT_CHANNEL)?.size ?? 0).toBe(before);
  });
});

describe('start at login', () => {
  it('uses login items on Windows/macOS and an autostart file on Linux', async () => {
    const calls: unknown[] = [];
    await applyStartAtLogin(true, { platform: 'win32', setLoginItemSettings: (s) => calls.push(s), execPath: 'C:\\Kura\\Kura.exe', env: {} });
    expect(calls).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);

    const dir = await mkdtemp(join(tmpdir(), 'kura-autostart-'));
    try {
      const deps = { platform: 'linux' as const, setLoginItemSettings: () => calls.push('wrong'), execPath: '/opt/Kura Backup/kura', env: { XDG_CONFIG_HOME: dir } };
      await applyStartAtLogin(true, deps);
      const text = await readFile(join(dir, 'autostart', 'kura.desktop'), 'utf8');
      expect(text).toBe(autostartEntry('/opt/Kura Backup/kura'));
      expect(text).toContain('Exec="/opt/Kura Backup/kura" --hidden');
      await applyStartAtLogin(false, deps);
      await expect(readFile(join(dir, 'autostart', 'kura.desktop'))).rejects.toThrow();
      expect(calls).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
