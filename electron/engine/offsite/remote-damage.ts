/**
 * Off-site copies `kura verify --offsite` found damaged, per job and target:
 * `$KURA_HOME/offsite/<jobId>.damaged.json`.
 *
 * Why it is needed: a push to an rsync daemon, an SSH server or a folder links unchanged files to the
 * newest copy there (`--link-dest`), and rsync compares only size and time, which bit rot leaves alone.
 * A file rotten on the target would be linked into every later copy, as at home (damage-registry.ts).
 * The next push never links against a copy named here (push-offsite.ts): it links to an older copy
 * that is not named, or sends everything. A copy that verifies again is taken off the list.
 * A bucket links nothing but stores each content once, by its hash: every later snapshot would refer
 * to an object found damaged there, so those objects are named too, and the next push sends again
 * those its copies hold (then they are taken off: a content no longer in any of them is not sent).
 *
 * Its own file, not the off-site state: that one is written by runs under the job lock, and a verify
 * takes no lock. Each write replaces the file whole (an atomic rename).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { homeLayout } from '../home-layout.js';
import { writeJsonAtomic } from '../util/atomic-write.js';

const fileSchema = z.object({
  format: z.literal('kura-offsite-damage/1'),
  /** Per target id: the copies found damaged there. */
  targets: z.record(z.string(), z.array(z.string())),
  /** Per target id (a bucket): the stored objects read back with other content. */
  objects: z.record(z.string(), z.array(z.string())).default({}),
});

export type RemoteDamage = z.infer<typeof fileSchema>;

/** What verifies found damaged at the job's targets (nothing, when none or when the record is unreadable). */
export async function readRemoteDamage(home: string, jobId: string): Promise<RemoteDamage> {
  try {
    const r = fileSchema.safeParse(JSON.parse(await readFile(homeLayout.offsiteDamageFile(home, jobId), 'utf8')));
    if (r.success) return r.data;
  } catch {
    // No record yet, or a torn one: nothing is known to be damaged.
  }
  return { format: 'kura-offsite-damage/1', targets: {}, objects: {} };
}

/** Records what a verify of one target found: `damaged` copies (and objects) are added, `good` copies taken off. */
export async function noteRemoteVerify(
  home: string,
  jobId: string,
  targetId: string,
  found: { damaged: readonly string[]; good: readonly string[]; objects?: readonly string[] },
): Promise<void> {
  const record = await readRemoteDamage(home, jobId);
  const copies = (record.targets[targetId] ?? []).filter((id) => !found.good.includes(id)).concat(found.damaged);
  const objects = (record.objects[targetId] ?? []).concat(found.objects ?? []);
  await write(home, jobId, record, targetId, copies, objects);
}

/** Takes off the objects a copy has just sent again. */
export async function noteResent(home: string, jobId: string, targetId: string, sent: ReadonlySet<string>): Promise<void> {
  if (sent.size === 0) return;
  const record = await readRemoteDamage(home, jobId);
  await write(home, jobId, record, targetId, record.targets[targetId] ?? [], (record.objects[targetId] ?? []).filter((o) => !sent.has(o)));
}

async function write(home: string, jobId: string, record: RemoteDamage, targetId: string, copies: string[], objects: string[]): Promise<void> {
  const next: RemoteDamage = { format: 'kura-offsite-damage/1', targets: { ...record.targets }, objects: { ...record.objects } };
  const set = (map: Record<string, string[]>, list: string[]) => {
    const sorted = [...new Set(list)].sort();
    if (sorted.length > 0) map[targetId] = sorted;
    else delete map[targetId];
  };
  set(next.targets, copies);
  set(next.objects, objects);
  if (JSON.stringify(next) === JSON.stringify(record)) return;
  await writeJsonAtomic(homeLayout.offsiteDamageFile(home, jobId), next);
}
