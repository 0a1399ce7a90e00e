/**
 * Files `kura verify` found damaged, kept beside a job's snapshots in `<job folder>/damaged-files.json`.
 *
 * Why it is needed: unchanged files are hard links, so one damaged inode sits in every snapshot that
 * shares it, and rsync's `--link-dest` would link it into the next snapshot too — it compares only
 * size and time, which bit rot leaves alone. The next run reads this record and never links a
 * damaged inode again (it copies the file afresh from the shop, jobs/sources/files-source.ts). It lives
 * with the backups, not in $KURA_HOME, so it travels with the disk to another PC.
 *
 * Entries are keyed by the damaged inode (device + inode number, as decimal text: Windows file ids
 * exceed 2^53), and name every snapshot found sharing it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../util/atomic-write.js';

export const DAMAGE_FILE = 'damaged-files.json';

const entrySchema = z.object({
  source: z.string(),
  /** The path inside the files item, escaped as in the file list. */
  path: z.string(),
  dev: z.string().regex(/^\d+$/),
  ino: z.string().regex(/^\d+$/),
  expected: z.string(),
  found: z.string(),
  foundAt: z.string(),
  /** Snapshot ids holding this very inode at that path when it was found. */
  snapshots: z.array(z.string()),
});
const fileSchema = z.object({ format: z.literal('kura-damage/1'), entries: z.array(entrySchema) });

export type DamageEntry = z.infer<typeof entrySchema>;

/** The recorded damage of a job (empty when none, or when the record itself is unreadable). */
export async function readDamage(jobRoot: string): Promise<DamageEntry[]> {
  try {
    const r = fileSchema.safeParse(JSON.parse(await readFile(join(jobRoot, DAMAGE_FILE), 'utf8')));
    return r.success ? r.data.entries : [];
  } catch {
    return [];
  }
}

/** Adds (or refreshes) entries; one entry per source + inode. */
export async function recordDamage(jobRoot: string, found: DamageEntry[]): Promise<void> {
  if (found.length === 0) return;
  const key = (e: DamageEntry) => `${e.source}\0${e.dev}\0${e.ino}`;
  const byKey = new Map((await readDamage(jobRoot)).map((e) => [key(e), e]));
  for (const e of found) byKey.set(key(e), e);
  await writeJsonAtomic(join(jobRoot, DAMAGE_FILE), { format: 'kura-damage/1', entries: [...byKey.values()] });
}

/** The snapshots a job's damage record names, for listings ("damaged"). */
export function damagedSnapshotIds(entries: readonly DamageEntry[]): Set<string> {
  return new Set(entries.flatMap((e) => e.snapshots));
}
