/**
 * "Is the process that wrote this record still running?" — asked of restore journals after a crash.
 *
 * A pid alone is not enough: after a reboot (or a long uptime) the same number belongs to another
 * program, and a journal would then look "still running" forever. On Linux the pid is paired with
 * the boot id and the process's start time (/proc/<pid>/stat field 22), which together name one
 * process for good. Elsewhere only the pid can be checked (kill 0), as the job lock does.
 * A record written on another computer (a KURA_HOME on a shared folder) cannot be checked from here:
 * it counts as alive, so Kura never takes over another machine's work.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isProcessAlive, processStartMark } from './process-alive.js';

export interface ProcessIdentity {
  pid: number;
  host: string;
  /** Boot id and start time (Linux); null where the platform cannot tell. */
  started: string | null;
}

let self: ProcessIdentity | null = null;

export function currentProcess(): ProcessIdentity {
  self ??= { pid: process.pid, host: hostname(), started: processStart(process.pid) };
  return self;
}

/** Boot id + start ticks of `pid`, or null (not Linux, or no such process). */
export function processStart(pid: number): string | null {
  const ticks = processStartMark(pid);
  if (ticks === null || !/^\d+$/.test(ticks)) return null;
  try {
    return `${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}:${ticks}`;
  } catch {
    return null;
  }
}

export type Liveness = 'alive' | 'gone' | 'other-host';

export function liveness(id: ProcessIdentity): Liveness {
  if (id.host !== hostname()) return 'other-host';
  if (!isProcessAlive(id.pid)) return 'gone';
  if (id.started === null) return 'alive';
  const now = processStart(id.pid);
  return now === null || now === id.started ? 'alive' : 'gone';
}
