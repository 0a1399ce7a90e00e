/**
 * Whether a process id is running (on this machine), for telling a crashed Kura's leftovers from a
 * live one's. EPERM means it exists under another user. Process ids are reused, so callers treat
 * "alive" as "maybe still in use" and never the other way round.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
