/**
 * What the benchmark scripts read from a Kura run's log (run-log/run-logger.ts writes it): a second
 * night's time moves by 0.1 s from one run to the next, and the log says whether rsync or the rest moved.
 */

/** How long rsync ran in a files run ("exit 0 after N ms: …rsync"), or '?' when the log does not say. */
export function rsyncMs(log: string): string {
  return /exit 0 after (\d+) ms: \S*rsync/.exec(log)?.[1] ?? '?';
}
