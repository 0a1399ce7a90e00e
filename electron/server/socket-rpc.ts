/**
 * The contract over one WebSocket: `{ id, method, args }` in, `{ id, result }` out, and every
 * service event pushed as `{ event, payload }`. Each call goes through the service's `dispatch`,
 * which validates it against the contract exactly as the Electron IPC handler does.
 */
import type { WebSocket } from 'ws';
import type { KuraService } from '../service/kura-service.js';

export function attachSocket(ws: WebSocket, service: Pick<KuraService, 'dispatch' | 'onAny'>): void {
  const send = (msg: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const off = service.onAny((event, payload) => send({ event, payload }));
  ws.on('close', off);
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const { id, method, args } = msg as { id?: unknown; method?: unknown; args?: unknown };
    if (typeof id !== 'number' && typeof id !== 'string') return;
    void service.dispatch(method, args).then((result) => send({ id, result }));
  });
}
