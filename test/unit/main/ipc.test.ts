/**
 * The main process's IPC handler with Electron mocked: one channel, calls from anything but our
 * window's main frame showing our page are ignored (the service is never reached), and payloads are
 * validated by the real service's dispatch (bad ones rejected before any engine code runs).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => handlers.set(channel, fn)),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  },
}));

const { registerIpc, trustedSender, forwardEvents, UNTRUSTED_SENDER } = await import('../../../electron/main/ipc.js');
const { createKuraService } = await import('../../../electron/service/kura-service.js');
const { createMemorySecretStore } = await import('../../../electron/engine/secrets/secret-store.js');
const { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } = await import('../../../electron/shared/ipc-contract.js');
import type { RendererLocation } from '../../../electron/main/app-url.js';

const location: RendererLocation = { kind: 'file', path: join('/opt/kura/out/renderer', 'index.html') };
const ownUrl = pathToFileURL(location.kind === 'file' ? location.path : '').href;

function fakeWindow() {
  const mainFrame = { processId: 4, routingId: 1, url: ownUrl };
  const sent: unknown[][] = [];
  return {
    sent,
    mainFrame,
    win: {
      isDestroyed: () => false,
      webContents: { mainFrame, isDestroyed: () => false, send: (...a: unknown[]) => sent.push(a) },
    },
  };
}

describe('IPC handler', () => {
  beforeEach(() => handlers.clear());

  function setup() {
    const w = fakeWindow();
    const service = createKuraService({ home: '/nonexistent/kura-ipc-test', secrets: createMemorySecretStore(), notifier: { notify() {} }, mode: 'electron', systemLanguage: 'en' });
    const dispatch = vi.spyOn(service, 'dispatch');
    const dispose = registerIpc({ service, isTrusted: trustedSender(() => w.win as never, location) });
    const handler = handlers.get(IPC_CALL_CHANNEL)!;
    return { w, service, dispatch, dispose, handler };
  }

  it('registers exactly one channel and removes it again', () => {
    const { dispose } = setup();
    expect([...handlers.keys()]).toEqual([IPC_CALL_CHANNEL]);
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('answers calls from our main frame through dispatch', async () => {
    const { w, handler, dispatch } = setup();
    const r = await handler({ senderFrame: w.mainFrame }, 'app.info', []);
    expect(r).toMatchObject({ ok: true, value: { mode: 'electron', home: '/nonexistent/kura-ipc-test' } });
    expect(dispatch).toHaveBeenCalledWith('app.info', []);
  });

  it('rejects bad payloads and unknown methods', async () => {
    const { w, handler } = setup();
    expect(await handler({ senderFrame: w.mainFrame }, 'jobs.get', [42])).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(await handler({ senderFrame: w.mainFrame }, 'jobs.get', ['../x'])).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(await handler({ senderFrame: w.mainFrame }, 'secrets.get', ['a'])).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await handler({ senderFrame: w.mainFrame }, 'constructor', [])).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await handler({ senderFrame: w.mainFrame }, 'schedules.pause', [{ evil: true }])).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });

  it('ignores untrusted senders: iframes, other pages, destroyed frames', async () => {
    const { w, handler, dispatch } = setup();
    const iframe = { processId: 4, routingId: 7, url: ownUrl };
    const otherPage = { processId: 4, routingId: 1, url: 'https://evil.example/' };
    const otherFile = { processId: 4, routingId: 1, url: pathToFileURL('/tmp/evil.html').href };
    for (const senderFrame of [iframe, otherPage, otherFile, null, undefined]) {
      expect(await handler({ senderFrame }, 'secrets.set', ['x', 'y'])).toEqual(UNTRUSTED_SENDER);
    }
    expect(dispatch).not.toHaveBeenCalled();
    // Same frame after navigating to a hash route of our page is still ours.
    w.mainFrame.url = `${ownUrl}#/runs`;
    expect(await handler({ senderFrame: w.mainFrame }, 'app.info', [])).toMatchObject({ ok: true });
  });

  it('forwards service events to the window on the event channel', () => {
    const { w, service } = setup();
    const off = forwardEvents(service, () => w.win as never);
    service.emit('ui.navigate', { screen: 'runs', jobId: 'shop' });
    off();
    service.emit('ui.navigate', { screen: 'dashboard' });
    expect(w.sent).toEqual([[IPC_EVENT_CHANNEL, 'ui.navigate', { screen: 'runs', jobId: 'shop' }]]);
  });
});
