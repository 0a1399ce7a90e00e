/**
 * Is the process that wrote a lock, a run record or a journal still there? Kura leaves such marks
 * while it works and must tell "still running" from "died without cleaning up" (crash, power cut,
 * kill -9) — one answer for every place that asks.
 */
import { readFileSync } from 'node:fs';

/** True when a process with this PID exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When the process started, as the kernel counts it (Linux: field 22 of /proc/<pid>/stat, clock
 * ticks since boot), or null where that cannot be read. Stored beside a PID, it tells the holder from
 * an unrelated process that was later given the same number.
 */
export function processStartMark(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself hold spaces and ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
