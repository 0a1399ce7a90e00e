/**
 * The state of anything fetched from the engine. A tagged union rather than `loading`/`error`
 * booleans, so a screen cannot show a spinner and an error at the same time.
 */
import type { ErrorDto } from './contract.js';

export type Loadable<T> =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; error: ErrorDto }
  | { kind: 'ready'; value: T };

export const idle = { kind: 'idle' } as const;
export const loading = { kind: 'loading' } as const;
