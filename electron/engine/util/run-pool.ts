/**
 * Runs `fn` over `items`, `n` at a time; the first failure stops new work, the ones already started
 * finish, and then it is thrown. Used where each item waits on a disk or a server (S3 uploads, the
 * Windows flush of a snapshot's files), so a few at once overlap their waits.
 */
export async function runPool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<unknown>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      signal?.throwIfAborted();
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  if (failure !== null) throw failure;
}
