/**
 * The renderer's only door to Kura: `window.kura`, exactly the contract's KuraBridge. Runs
 * sandboxed (no Node), so it only forwards — one invoke channel for calls, one channel for events —
 * and the main process validates every call. Event names are checked against the contract, so a
 * page cannot subscribe to anything else on the event channel.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventNames, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type EventName, type KuraBridge } from '../shared/ipc-contract.js';

const known = new Set<string>(eventNames);

export const bridge: KuraBridge = {
  call: (method, ...args) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, args),
  on(event, listener) {
    if (!known.has(event)) return () => {};
    const handler = (_e: IpcRendererEvent, name: EventName, payload: unknown) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('kura', bridge);
