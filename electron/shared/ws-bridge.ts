/**
 * The contract's `KuraBridge` over a WebSocket, for the UI under `kura serve` (the browser has no
 * preload). The renderer's api.ts uses `window.kura` when the Electron preload provided it and
 * otherwise `createWsBridge(serveSocketUrl(location))`.
 *
 * Wire format: calls `{ id, method, args }` → replies `{ id, result }` (a contract `Result`);
 * events arrive as `{ event, payload }`. Authentication is the session cookie the server set,
 * which the browser sends with the upgrade request by itself.
 *
 * Browser-safe: no Node, no zod; its only runtime import is the message catalogue, which says a
 * failure of the link itself (the server also serves this file, bundled, to its test page).
 */
import type { EventName, EventPayload, KuraBridge, MethodArgs, MethodName, MethodResult, Result } from './ipc-contract.js';
import { renderLoose } from './messages/render.js';

/** The part of the WebSocket API the bridge uses (the browser's, or `ws` in Node). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface WsBridgeOptions {
  /** Default: the global WebSocket. */
  createSocket?: WebSocketFactory;
  /** Delay before reconnecting after the connection dropped while event listeners exist. Default 1 s. */
  reconnectMs?: number;
  /** A call gets this long for an answer. Default 10 minutes (a MySQL test on a slow link can take a while). */
  callTimeoutMs?: number;
}

export interface WsBridge extends KuraBridge {
  close(): void;
}

const OPEN = 1;

/** `ws://host:port/ws` for the page's own origin. */
export function serveSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

type BridgeFailure = 'bridge-connection-lost' | 'bridge-connection-closed' | 'bridge-unreachable' | 'bridge-empty-answer';

/** A failure of the link itself, catalogued: the UI says it in its language, `message` and `hint` in English. */
function failure<T>(code: BridgeFailure | 'bridge-timeout', params: Record<string, string> = {}): Result<T> {
  const { message, hint } = renderLoose('en', code, params);
  return { ok: false, error: { code, params, message, hint } };
}

export function createWsBridge(url: string, options: WsBridgeOptions = {}): WsBridge {
  const createSocket: WebSocketFactory =
    options.createSocket ?? ((u) => new (globalThis as unknown as { WebSocket: new (u: string) => WebSocketLike }).WebSocket(u));
  const reconnectMs = options.reconnectMs ?? 1000;
  const callTimeoutMs = options.callTimeoutMs ?? 600_000;

  let socket: WebSocketLike | null = null;
  let opened: Promise<boolean> | null = null;
  let nextId = 1;
  let closed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  const pending = new Map<number, { resolve: (r: Result<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  function settleAll(result: Result<unknown>): void {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.resolve(result);
    }
  }

  function hasListeners(): boolean {
    for (const set of listeners.values()) if (set.size > 0) return true;
    return false;
  }

  function connect(): Promise<boolean> {
    if (opened) return opened;
    opened = new Promise<boolean>((resolve) => {
      let ws: WebSocketLike;
      try {
        ws = createSocket(url);
      } catch {
        opened = null;
        resolve(false);
        return;
      }
      socket = ws;
      ws.onopen = () => resolve(true);
      ws.onmessage = (ev) => onMessage(ev.data);
      ws.onerror = () => {};
      ws.onclose = () => {
        socket = null;
        opened = null;
        resolve(false);
        settleAll(failure('bridge-connection-lost'));
        if (!closed && hasListeners() && reconnectTimer === null) {
          reconnectTimer = setTimeout(() => {
            reconnectTimer = null;
            if (!closed) void connect();
          }, reconnectMs);
        }
      };
    });
    return opened;
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof m.id === 'number') {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve((m.result as Result<unknown> | undefined) ?? failure('bridge-empty-answer'));
    } else if (typeof m.event === 'string') {
      for (const f of listeners.get(m.event) ?? []) {
        try {
          f(m.payload);
        } catch {
          /* a listener's bug must not stop the others */
        }
      }
    }
  }

  return {
    async call<M extends MethodName>(method: M, ...args: MethodArgs<M>): Promise<Result<MethodResult<M>>> {
      if (closed) return failure('bridge-connection-closed');
      const ok = await connect();
      const ws = socket;
      if (!ok || !ws || ws.readyState !== OPEN) {
        return failure('bridge-unreachable');
      }
      const id = nextId++;
      return new Promise<Result<MethodResult<M>>>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(failure('bridge-timeout', { method }));
        }, callTimeoutMs);
        pending.set(id, { resolve: resolve as (r: Result<unknown>) => void, timer });
        ws.send(JSON.stringify({ id, method, args }));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const f = listener as (payload: unknown) => void;
      set.add(f);
      if (!closed) void connect();
      return () => {
        set.delete(f);
      };
    },
    close() {
      closed = true;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      socket?.close();
      settleAll(failure('bridge-connection-closed'));
    },
  };
}
