/**
 * A small typed event hub for the contract's events (engine → UI). The Electron shell forwards
 * every event to its window, `kura serve` to every authenticated socket; both subscribe with
 * `onAny`. A listener that throws is isolated so one broken consumer cannot stop the others.
 */
import type { EventName, EventPayload } from '../shared/ipc-contract.js';
import { tellListeners } from '../engine/util/tell-listeners.js';

export type AnyListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface ServiceEvents {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onAny(listener: AnyListener): () => void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function createServiceEvents(onListenerError: (err: unknown) => void = () => {}): ServiceEvents {
  const byName = new Map<EventName, Set<(payload: unknown) => void>>();
  const any = new Set<AnyListener>();
  return {
    on(event, listener) {
      const set = byName.get(event) ?? new Set();
      byName.set(event, set);
      const f = listener as (payload: unknown) => void;
      set.add(f);
      return () => set.delete(f);
    },
    onAny(listener) {
      any.add(listener);
      return () => any.delete(listener);
    },
    emit(event, payload) {
      tellListeners(byName.get(event) ?? [], payload as unknown, onListenerError);
      for (const f of any) {
        try {
          f(event, payload);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
  };
}
