/**
 * The renderer's one door to the engine. Components never see the bridge: stores call these
 * functions, so the whole UI can be driven by a fake bridge in tests and by a WebSocket bridge under
 * `kura serve` without any screen knowing which one it talks to.
 *
 * In Electron the preload sets `window.kura`. In a plain browser (`kura serve`) there is no preload,
 * so the bridge is a WebSocket back to the server that served the page (electron/shared/ws-bridge.ts).
 */
import type {
  EventName,
  EventPayload,
  KuraBridge,
  MethodArgs,
  MethodName,
  MethodResult,
  Result,
} from './contract.js';
import { createWsBridge, serveSocketUrl } from '../../../electron/shared/ws-bridge.js';
import { messageError } from '../../../electron/shared/contract-errors.js';

declare global {
  interface Window {
    kura?: KuraBridge;
  }
}

let bridge: KuraBridge | null = null;

/** Uses `b` for every later call (tests pass a fake; `connectBridge` passes the real one). */
export function setBridge(b: KuraBridge | null): void {
  bridge = b;
}

/** True once a bridge is in place. */
export function hasBridge(): boolean {
  return bridge !== null;
}

/**
 * Finds the bridge: the preload's in Electron, else a WebSocket bridge to the `kura serve` that
 * served this page.
 */
export function connectBridge(): KuraBridge {
  if (bridge) return bridge;
  bridge = window.kura ?? createWsBridge(serveSocketUrl(window.location));
  return bridge;
}

/**
 * Calls an engine method. Never throws: a missing bridge or a transport failure comes back as an
 * error result like any other, so every store handles exactly one failure shape.
 */
export async function call<M extends MethodName>(method: M, ...args: MethodArgs<M>): Promise<Result<MethodResult<M>>> {
  if (!bridge) {
    return { ok: false, error: messageError('not-connected', {}) };
  }
  try {
    return await bridge.call(method, ...args);
  } catch (e) {
    return { ok: false, error: messageError('transport', { reason: e instanceof Error ? e.message : String(e) }) };
  }
}

/** Subscribes to an engine event; returns the unsubscribe function (a no-op without a bridge). */
export function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  if (!bridge) return () => undefined;
  return bridge.on(event, listener);
}
