/**
 * The contract on ONE IPC channel. Every call is checked twice over: the sender must be our
 * window's main frame showing our own page (an iframe or a page navigated to by mistake gets
 * nothing), and the payload goes through the service's `dispatch`, which validates it with the
 * contract's zod schemas before any engine code runs.
 */
import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import type { KuraService } from '../service/kura-service.js';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type Result } from '../shared/ipc-contract.js';
import { isAppUrl, type RendererLocation } from './app-url.js';
import { messageError } from '../shared/contract-errors.js';

export type SenderCheck = (frame: WebFrameMain | null | undefined) => boolean;

/** The sender is the current window's main frame and shows the app's own page. */
export function trustedSender(getWindow: () => BrowserWindow | null, location: RendererLocation): SenderCheck {
  return (frame) => {
    const win = getWindow();
    if (!frame || !win || win.isDestroyed()) return false;
    const main = win.webContents.mainFrame;
    return frame.processId === main.processId && frame.routingId === main.routingId && isAppUrl(location, frame.url);
  };
}

export const UNTRUSTED_SENDER: Result<never> = {
  ok: false,
  error: messageError('untrusted-sender', {}),
};

/** Registers the handler; returns a function that removes it. */
export function registerIpc(options: { service: Pick<KuraService, 'dispatch'>; isTrusted: SenderCheck; log?: (message: string) => void }): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method: unknown, args: unknown) => {
    if (!options.isTrusted(event.senderFrame)) {
      options.log?.(`ignored a call from an untrusted frame (${event.senderFrame?.url?.slice(0, 200) ?? 'gone'})`);
      return UNTRUSTED_SENDER;
    }
    return options.service.dispatch(method, args);
  });
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL);
}

/** Forwards every service event to the window (when it exists: a hidden window still gets them). */
export function forwardEvents(service: Pick<KuraService, 'onAny'>, getWindow: () => BrowserWindow | null): () => void {
  return service.onAny((event, payload) => {
    const win = getWindow();
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
    win.webContents.send(IPC_EVENT_CHANNEL, event, payload);
  });
}
