/**
 * Tells every listener a value; one that throws is reported and never stops the others, nor the
 * code that told them (the scheduler, the status feed, the service's events).
 */
export function tellListeners<T>(listeners: Iterable<(value: T) => void>, value: T, onError: (err: unknown) => void): void {
  for (const cb of listeners) {
    try {
      cb(value);
    } catch (err) {
      onError(err);
    }
  }
}
