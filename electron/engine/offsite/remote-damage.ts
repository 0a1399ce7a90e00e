/**
 * Off-site copies `kura verify --offsite` found damaged, per job and target:
 * `$KURA_HOME/offsite/<jobId>.damaged.json`.
 *
 * Why it is needed: a push to an rsync daemon, an SSH server or a folder links unchanged files to the
 * newest copy there (`--link-dest`), and rsync compares only size and time, which bit rot leaves alone.
 * A file rotten on the target would be linked into every later copy, as at home (damage-registry.ts).
 * The next push never links against a copy named here (push-offsite.ts): it links to an older copy
 * that is not named, or sends everything. A copy that verifies again is taken off the list.
 *
 * Its own file, not the off-site state: that one is written by runs under the job lock, and a verify
 * takes no lock. Each write replaces the file whole (an atomic rename).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { homeLayout } from '../home-layout.js';
import { writeJsonAtomic } from '../util/atomic-write.js';

const fileSchema = z.object({ format: z.literal('kura-offsite-damage/1'), targets: z.record(z.string(), z.array(z.string())) });

function damagePath(home: string, jobId: string): string {
  return join(homeLayout.offsiteStateFile(home, jobId), '..', `${jobId}.damaged.json`);
}

/** Per target id, the copies found damaged there (empty when none, or when the record is unreadable). */
export async function readRemoteDamage(home: string, jobId: string): Promise<Record<string, string[]>> {
  try {
    const r = fileSchema.safeParse(JSON.parse(await readFile(damagePath(home, jobId), 'utf8')));
    return r.success ? r.data.targets : {};
  } catch {
    return {};
  }
}

/** Records what a verify of one target found: `damaged` copies are added, `good` ones taken off. */
export async function noteRemoteVerify(home: string, jobId: string, targetId: string, found: { damaged: readonly string[]; good: readonly string[] }): Promise<void> {
  const targets = await readRemoteDamage(home, jobId);
  const before = targets[targetId] ?? [];
  const now = [...new Set([...before.filter((id) => !found.good.includes(id)), ...found.damaged])].sort();
  if (now.length === before.length && now.every((id, i) => id === before[i])) return;
  if (now.length > 0) targets[targetId] = now;
  else delete targets[targetId];
  await writeJsonAtomic(damagePath(home, jobId), { format: 'kura-offsite-damage/1', targets });
}
