/**
 * The files a file (cold) restore changes in the Redis data folder, and in which order, so that a
 * crash (kill -9, power cut) at ANY moment leaves files that a plain `redis-server redis.conf` starts
 * from with either the old data or the new one — never empty, never with its config changed.
 *
 * Without AOF, Redis loads `<dir>/<dbfilename>` at boot. The snapshot is copied next to it as
 * `dump.rdb.kura-restore.tmp` (fsync), the current file is hard-linked as
 * `dump.rdb.kura-before-restore`, and one rename puts the snapshot in place: at every instant
 * dump.rdb is the old file or the new one.
 *
 * With `appendonly yes` (Redis 7+), Redis ignores dump.rdb at boot and loads what the AOF manifest
 * (`<dir>/<appenddirname>/<appendfilename>.manifest`) lists: a base file, which may be an RDB, then
 * incr files. So the copy becomes the base of a NEW manifest — renamed to `appendonly.aof.<n>.base.rdb`,
 * with an empty `appendonly.aof.<n>.incr.aof` for Redis to append to — with <n> above every sequence
 * number in the folder (Redis opens "the last incr" with O_APPEND, so an old name would mix old
 * commands into the new data). The new manifest is written as `<manifest>.kura-new` (fsync) and renamed
 * over the old one, which is kept as `<manifest>.kura-before-restore`; the old base and incr files are
 * not touched, and neither is dump.rdb (Redis rewrites it at its next save). That rename is the one
 * switch for an AOF server. The base is its own file, not a second name of dump.rdb: an admin's
 * `cp x dump.rdb` writes in place and must not change the AOF. redis.conf is never rewritten:
 * `appendonly` stays what it was. Redis before 7 (one appendonly.aof) is refused by the restore.
 *
 * Every name is derived from the layout the server reported (and the restore journal records), so
 * "roll back" and "finish" after a crash can tell from the files alone whether the switch happened.
 */
import { chmod, chown, copyFile, link, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { renameRetrying } from '../../util/busy-retry.js';
import { syncDir } from '../../util/sync-dir.js';
import { join } from 'node:path';
import { KuraError } from '../../errors.js';
import type { RedisJournalLayout } from '../../restore/restore-journal.js';

export const KEPT_SUFFIX = '.kura-before-restore';
export const TMP_SUFFIX = '.kura-restore.tmp';
export const NEW_MANIFEST_SUFFIX = '.kura-new';

export type RdbLayout = RedisJournalLayout;

export interface RdbPaths {
  rdb: string;
  tmp: string;
  kept: string;
  aof: { dir: string; manifest: string; manifestNew: string; manifestKept: string; base: string | null; incr: string | null } | null;
}

export function rdbPaths(layout: RdbLayout): RdbPaths {
  const rdb = join(layout.dir, layout.dbfilename);
  const aof = layout.aof;
  let aofPaths: RdbPaths['aof'] = null;
  if (aof) {
    const dir = join(layout.dir, aof.dirname);
    const manifest = join(dir, `${aof.filename}.manifest`);
    aofPaths = {
      dir,
      manifest,
      manifestNew: manifest + NEW_MANIFEST_SUFFIX,
      manifestKept: manifest + KEPT_SUFFIX,
      base: aof.baseFile === null ? null : join(dir, aof.baseFile),
      incr: aof.incrFile === null ? null : join(dir, aof.incrFile),
    };
  }
  return { rdb, tmp: rdb + TMP_SUFFIX, kept: rdb + KEPT_SUFFIX, aof: aofPaths };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Gives a file Kura made the owner and mode Redis needs (Kura may run as root, Redis as "redis"). */
async function matchOwner(path: string, ref: string, mode: number | null): Promise<void> {
  if (process.platform === 'win32') return;
  const r = await stat(ref);
  await chmod(path, mode ?? r.mode & 0o777);
  if (process.getuid?.() === 0) await chown(path, r.uid, r.gid);
}

/** A second name for a file (a hard link: no copy, same bytes), or a copy where links are not possible. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
    await copyFile(from, to);
  }
}

/**
 * 1. The snapshot next to the data file under the temporary name, fsynced, with the owner and mode
 * of the file it will replace. A full disk fails here, with nothing else changed.
 */
export async function stageCopy(snapshot: string, layout: RdbLayout): Promise<void> {
  const p = rdbPaths(layout);
  await rm(p.tmp, { force: true });
  try {
    await copyFile(snapshot, p.tmp);
    const fh = await open(p.tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    await rm(p.tmp, { force: true });
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    const size = (await stat(snapshot)).size;
    throw new KuraError({ code: 'redis-data-disk-full', params: { dir: layout.dir, bytes: size }, category: 'resource', cause: err });
  }
  const ref = (await exists(p.rdb)) ? p.rdb : layout.dir;
  await matchOwner(p.tmp, ref, ref === p.rdb ? null : 0o640);
}

/** `file <name> seq <n> type <b|h|i>` lines of an AOF manifest (names may be quoted). */
export interface ManifestEntry {
  file: string;
  seq: number;
  type: string;
}

export function parseManifest(text: string): ManifestEntry[] {
  const out: ManifestEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = splitArgs(line);
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < words.length; i += 2) fields.set(words[i]!.toLowerCase(), words[i + 1]!);
    const file = fields.get('file');
    const seq = Number(fields.get('seq'));
    const type = fields.get('type');
    if (!file || !Number.isSafeInteger(seq) || !type) throw new Error(`cannot read the line "${line.slice(0, 200)}"`);
    out.push({ file, seq, type });
  }
  return out;
}

/** Words of a line as Redis' sdssplitargs reads them: spaces separate, "…" and '…' quote. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    let word = '';
    const q = line[i];
    if (q === '"' || q === "'") {
      i++;
      while (i < line.length && line[i] !== q) {
        if (q === '"' && line[i] === '\\' && i + 1 < line.length) {
          const n = line[i + 1]!;
          const hex = /^x([0-9a-fA-F]{2})/.exec(line.slice(i + 1, i + 4));
          if (hex) {
            word += String.fromCharCode(parseInt(hex[1]!, 16));
            i += 4;
            continue;
          }
          word += ({ n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' } as Record<string, string>)[n] ?? n;
          i += 2;
          continue;
        }
        word += line[i];
        i++;
      }
      i++;
    } else {
      while (i < line.length && !/\s/.test(line[i]!)) word += line[i++];
    }
    out.push(word);
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Redis' own names for AOF parts: `<appendfilename>.<seq>.base.rdb`, `….incr.aof` (seq captured). */
const aofFileName = (filename: string) => new RegExp(`^${escapeRe(filename)}\\.(\\d+)\\.(?:base|incr)\\.(?:rdb|aof)$`);

/**
 * 2. (AOF) Names for the new base and incr files: one sequence number above every number in the
 * manifest and in the folder, so nothing Redis or an earlier restore left can be reused.
 */
export async function nextAofNames(layout: RdbLayout): Promise<{ baseFile: string; incrFile: string }> {
  const p = rdbPaths(layout);
  if (!layout.aof || !p.aof) throw new Error('not an AOF layout');
  let max = 0;
  let text: string | null = null;
  try {
    text = await readFile(p.aof.manifest, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== null) {
    let entries: ManifestEntry[];
    try {
      entries = parseManifest(text);
    } catch (err) {
      throw new KuraError({ code: 'redis-aof-manifest-unreadable', params: { path: p.aof.manifest, reason: (err as Error).message }, category: 'data' });
    }
    for (const e of entries) max = Math.max(max, e.seq);
  }
  const pattern = aofFileName(layout.aof.filename);
  for (const name of await readdir(p.aof.dir).catch(() => [] as string[])) {
    const m = pattern.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const n = max + 1;
  return { baseFile: `${layout.aof.filename}.${n}.base.rdb`, incrFile: `${layout.aof.filename}.${n}.incr.aof` };
}

/**
 * 3. (AOF, server stopped) The copy becomes the new base, next to an empty incr file and the new
 * manifest beside the old one. Nothing Redis reads has changed yet.
 */
export async function stageAof(layout: RdbLayout): Promise<void> {
  const p = rdbPaths(layout);
  if (!layout.aof || !p.aof || !p.aof.base || !p.aof.incr) throw new Error('AOF names not chosen');
  const ref = (await exists(p.aof.manifest)) ? p.aof.manifest : p.aof.dir;
  if (await exists(p.tmp)) {
    await renameRetrying(p.tmp, p.aof.base);
    await matchOwner(p.aof.base, ref, 0o644);
  }
  const incr = await open(p.aof.incr, 'w', 0o644);
  try {
    await incr.sync();
  } finally {
    await incr.close();
  }
  await matchOwner(p.aof.incr, ref, 0o644);
  const manifest = `file ${layout.aof.baseFile} seq ${seqOf(layout.aof.baseFile!)} type b\nfile ${layout.aof.incrFile} seq ${seqOf(layout.aof.incrFile!)} type i\n`;
  await writeFile(p.aof.manifestNew, manifest, { mode: 0o644 });
  const fh = await open(p.aof.manifestNew, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await matchOwner(p.aof.manifestNew, ref, 0o644);
  await syncDir(p.aof.dir);
  await syncDir(layout.dir);
}

function seqOf(name: string): number {
  return Number(/\.(\d+)\.(?:base|incr)\./.exec(name)?.[1] ?? 0);
}

/**
 * 4. (server stopped) Keep the current file under `.kura-before-restore` (a hard link), then switch
 * with one atomic rename: the staged copy over dump.rdb, or with AOF the new manifest over the old.
 */
export async function swapIn(layout: RdbLayout): Promise<void> {
  const p = rdbPaths(layout);
  if (p.aof) {
    await dropKeptAof(layout);
    if (await exists(p.aof.manifest)) await linkOrCopy(p.aof.manifest, p.aof.manifestKept);
    await syncDir(p.aof.dir);
    await renameRetrying(p.aof.manifestNew, p.aof.manifest);
    await syncDir(p.aof.dir);
    return;
  }
  // The kept file of an earlier restore is replaced by this one's.
  await rm(p.kept, { force: true });
  if (await exists(p.rdb)) await linkOrCopy(p.rdb, p.kept);
  await syncDir(layout.dir);
  await renameRetrying(p.tmp, p.rdb);
  await syncDir(layout.dir);
}

/**
 * The manifest an earlier restore kept, and the AOF files only it lists (the data from before that
 * restore, superseded now): removed, as the kept dump.rdb of an earlier restore is replaced. Files
 * the live manifest lists, and names that are not Redis' own AOF names, are never touched.
 */
async function dropKeptAof(layout: RdbLayout): Promise<void> {
  const p = rdbPaths(layout);
  if (!layout.aof || !p.aof || !(await exists(p.aof.manifestKept))) return;
  let kept: ManifestEntry[] = [];
  try {
    kept = parseManifest(await readFile(p.aof.manifestKept, 'utf8'));
  } catch {
    kept = [];
  }
  const live = await manifestNames(p.aof.manifest);
  const ours = aofFileName(layout.aof.filename);
  for (const e of kept) if (!live.includes(e.file) && ours.test(e.file)) await rm(join(p.aof.dir, e.file), { force: true });
  await rm(p.aof.manifestKept, { force: true });
}

/** What a roll back would put back: the kept data file, or with AOF the kept manifest. */
export function keptPath(layout: RdbLayout): string {
  const p = rdbPaths(layout);
  return p.aof ? p.aof.manifestKept : p.kept;
}

/**
 * Whether what Redis loads at boot is already the snapshot, judged from the files after a crash:
 * with AOF the manifest rename is the switch (`.kura-new` still there = not switched), without it
 * the rename of the staged copy (still there = not switched).
 */
export async function isSwitched(layout: RdbLayout, swapStarted: boolean): Promise<boolean> {
  if (!swapStarted) return false;
  const p = rdbPaths(layout);
  // From "swapping" on, the staged file exists until its one rename: gone means switched (even when
  // Redis has since rewritten its AOF and no longer lists this restore's base).
  return !(await exists(p.aof ? p.aof.manifestNew : p.tmp));
}

async function manifestNames(manifest: string): Promise<string[]> {
  try {
    return parseManifest(await readFile(manifest, 'utf8')).map((e) => e.file);
  } catch {
    return [];
  }
}

/**
 * Roll back (server stopped, switch done): the kept file goes back in place (an atomic rename), the
 * restore's own new files are removed. A file that did not exist before is removed again.
 */
export async function putPreviousBack(layout: RdbLayout): Promise<void> {
  const p = rdbPaths(layout);
  if (p.aof) {
    if (await exists(p.aof.manifestKept)) await renameRetrying(p.aof.manifestKept, p.aof.manifest);
    else if (layout.hadOld === false) await rm(p.aof.manifest, { force: true });
    await syncDir(p.aof.dir);
  } else {
    if (await exists(p.kept)) await renameRetrying(p.kept, p.rdb);
    else if (layout.hadOld === false) await rm(p.rdb, { force: true });
    await syncDir(layout.dir);
  }
  await removeStaged(layout);
}

/** Undo what was prepared but never switched (server running on its old data, or stopped with it). */
export async function undoStaging(layout: RdbLayout): Promise<void> {
  const p = rdbPaths(layout);
  // Not switched: a kept name, if made, is only a second name of the live file.
  if (p.aof) await rm(p.aof.manifestKept, { force: true });
  else await rm(p.kept, { force: true });
  await removeStaged(layout);
}

/** The staged copy, the unused new manifest and this restore's base/incr when the manifest does not list them. */
async function removeStaged(layout: RdbLayout): Promise<void> {
  const p = rdbPaths(layout);
  await rm(p.tmp, { force: true });
  if (!p.aof) return;
  await rm(p.aof.manifestNew, { force: true });
  const live = await manifestNames(p.aof.manifest);
  for (const [name, path] of [
    [layout.aof!.baseFile, p.aof.base],
    [layout.aof!.incrFile, p.aof.incr],
  ] as const) {
    if (name !== null && path !== null && !live.includes(name)) await rm(path, { force: true });
  }
}

/**
 * The directives of a redis.conf that say where the data is (last one wins, as in Redis). Used to
 * confirm a journal's folders while the server is down. `include` files are not followed.
 */
export async function readRedisConf(path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const raw of (await readFile(path, 'utf8')).split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = splitArgs(line);
    if (words.length >= 2) out.set(words[0]!.toLowerCase(), words.slice(1).join(' '));
  }
  return out;
}
