/**
 * CPU seconds of a process, from /proc: where a restore's time goes (the server, the client, the
 * decompression) is a question of CPU on a 2-core machine, which wall time alone cannot answer.
 * `own`: the process's user + system time; `children`: what its children used that it has waited for
 * (bash's pipeline, the mysql clients a Kura child ran). Linux only (the benchmark runs there).
 */
import { readFile } from 'node:fs/promises';

/** Linux reports these times in USER_HZ ticks, 100 per second on every architecture Kura's CI uses. */
const TICKS_PER_SECOND = 100;

export async function procCpu(pid: number | 'self', which: 'own' | 'children'): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)": state is field 3; utime, stime, cutime, cstime are fields 14–17.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [user, system] = which === 'own' ? [f[11], f[12]] : [f[13], f[14]];
  return (Number(user) + Number(system)) / TICKS_PER_SECOND;
}
