/**
 * A KuraBridge for component tests: each test says what a method answers, the bridge records every
 * call (so a test can check that a password went to `secrets.set` and nowhere else), and events
 * are pushed in with `emit`. Unanswered methods fail loudly with an error result, so a screen that
 * calls something unexpected shows it.
 */
import type {
  ErrorDto,
  EventName,
  EventPayload,
  KuraBridge,
  MethodArgs,
  MethodName,
  MethodResult,
  Result,
} from '../../electron/shared/ipc-contract.js';

type Handler<M extends MethodName> = (...args: MethodArgs<M>) => Result<MethodResult<M>> | Promise<Result<MethodResult<M>>>;

export interface RecordedCall {
  method: MethodName;
  args: unknown[];
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (message: string, hint: string | null = null, code = 'test-error'): Result<never> => ({
  ok: false,
  error: { code, message, hint } satisfies ErrorDto,
});

/** A promise the test resolves later: keeps a screen in its loading state until then. */
export function deferred<T>(): { promise: Promise<T>; resolve(v: T): void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export class FakeBridge implements KuraBridge {
  readonly calls: RecordedCall[] = [];
  private handlers = new Map<MethodName, (...args: unknown[]) => unknown>();
  private listeners = new Map<EventName, Set<(p: unknown) => void>>();

  handle<M extends MethodName>(method: M, handler: Handler<M>): this {
    this.handlers.set(method, handler as (...args: unknown[]) => unknown);
    return this;
  }

  /** Shorthand: `method` always answers `value`. */
  answer<M extends MethodName>(method: M, value: MethodResult<M>): this {
    return this.handle(method, (() => ok(value)) as Handler<M>);
  }

  async call<M extends MethodName>(method: M, ...args: MethodArgs<M>): Promise<Result<MethodResult<M>>> {
    this.calls.push({ method, args });
    const h = this.handlers.get(method);
    if (!h) return fail(`FakeBridge: no answer for ${method}`) as Result<MethodResult<M>>;
    return (await h(...args)) as Result<MethodResult<M>>;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (p: unknown) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (p: unknown) => void);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  callsOf(method: MethodName): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}
