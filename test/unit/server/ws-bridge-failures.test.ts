/**
 * The browser's link to `kura serve` failing (the server gone, a call unanswered): the failure is a
 * catalogued code, so the UI says it in the admin's language instead of the bridge's English.
 */
import { describe, expect, it } from 'vitest';
import { createWsBridge, type WebSocketLike } from '../../../electron/shared/ws-bridge.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';

/** A socket that never opens and closes at once: `kura serve` is not running. */
function refused(): WebSocketLike {
  const ws: WebSocketLike = { readyState: 3, send() {}, close() {}, onopen: null, onmessage: null, onclose: null, onerror: null };
  queueMicrotask(() => ws.onclose?.({}));
  return ws;
}

/** A socket that opens and never answers. */
function silent(): WebSocketLike {
  const ws: WebSocketLike = { readyState: 1, send() {}, close() {}, onopen: null, onmessage: null, onclose: null, onerror: null };
  queueMicrotask(() => ws.onopen?.({}));
  return ws;
}

describe('ws-bridge failures', () => {
  it('an unreachable server is said as a catalogued message, with what to do, in Japanese too', async () => {
    const bridge = createWsBridge('ws://127.0.0.1:1/ws', { createSocket: refused });
    const r = await bridge.call('status.get');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'bridge-unreachable', params: {}, message: 'Kura is not reachable.' });
    const ja = renderLoose('ja', r.error.code, r.error.params!);
    expect(ja.message).toBe('Kura に接続できません。');
    expect(ja.hint).toContain('kura serve');
    bridge.close();
  });

  it('an unanswered call names the method as a fact', async () => {
    const bridge = createWsBridge('ws://127.0.0.1:1/ws', { createSocket: silent, callTimeoutMs: 20 });
    const r = await bridge.call('status.get');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'bridge-timeout', params: { method: 'status.get' } });
    expect(renderLoose('ja', r.error.code, r.error.params!).message).toBe('Kura が時間内に status.get に応答しませんでした。');
    bridge.close();
  });
});
