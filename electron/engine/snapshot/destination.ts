/**
 * Is the backup folder really the backup disk? A USB disk that is not plugged in, or a NAS share that
 * is not mounted, leaves behind an empty mount point (Linux, macOS) or a path that a careless run
 * would simply create — and the night's "successful" backup lands on the system disk, to vanish when
 * the disk comes back (or to fill the system disk). Principle 1: that is a lie.
 *
 * So a destination is identified when it is chosen: Kura writes `kura-destination.json` (a random id)
 * into it, and remembers, per job, that id and the volume the folder lives on (`$KURA_HOME/state/
 * destinations.json`). Every run then checks, before it writes anything:
 *   - the folder exists (Kura never creates the backup folder itself during a run);
 *   - it holds the identity file with the remembered id — else the disk is not connected (an empty
 *     mount point), or it is another disk;
 *   - it is on the remembered volume — else it is a copy of the backup folder somewhere else.
 * And before publishing, that the new snapshot and the identity are still on that same device: a disk
 * unplugged mid-run fails the run, and nothing is published.
 *
 * The volume is the filesystem's UUID where Linux names it (/dev/disk/by-uuid: a replugged USB disk
 * keeps it even when its device number changes), else the device number (on Windows that is the
 * volume serial number, stable across plugging).
 *
 * First use: a job whose destination has no identity file and no remembered identity (a config written
 * by hand, or a folder chosen before this check existed) claims the existing folder on its first run.
 * A folder that holds an identity but none is remembered (a new PC, a new $KURA_HOME) is adopted.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { KuraError } from '../errors.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import type { Message } from '../../shared/messages/index.js';
import { render } from '../../shared/messages/render.js';
import { homeLayout } from '../home-layout.js';

export const IDENTITY_FILE = 'kura-destination.json';
const IDENTITY_FORMAT = 'kura-destination/1';

export interface DestinationState {
  path: string;
  id: string;
  volume: string;
}

export interface CheckedDestination {
  id: string;
  volume: string;
  /** The folder's device number at the check: publishing compares the new snapshot's with it. */
  dev: number;
  /** What happened, for the run log (null when the destination was simply as remembered). */
  note: Message<'destination-claimed'> | Message<'destination-adopted'> | null;
}

function statePath(home: string): string {
  return homeLayout.stateFile(home, 'destinations');
}

async function readStates(home: string): Promise<Record<string, DestinationState>> {
  try {
    const raw = JSON.parse(await readFile(statePath(home), 'utf8')) as unknown;
    return raw && typeof raw === 'object' ? (raw as Record<string, DestinationState>) : {};
  } catch {
    return {};
  }
}

async function remember(home: string, jobId: string, state: DestinationState): Promise<void> {
  const all = await readStates(home);
  all[jobId] = state;
  await writeJsonAtomic(statePath(home), all);
}

async function readIdentity(folder: string): Promise<string | null> {
  try {
    const raw = JSON.parse(await readFile(join(folder, IDENTITY_FILE), 'utf8')) as { format?: string; id?: unknown };
    return raw.format === IDENTITY_FORMAT && typeof raw.id === 'string' && raw.id.length > 0 ? raw.id : null;
  } catch {
    return null;
  }
}

async function writeIdentity(folder: string): Promise<string> {
  const id = randomUUID();
  await writeJsonAtomic(join(folder, IDENTITY_FILE), {
    format: IDENTITY_FORMAT,
    id,
    createdAt: new Date().toISOString(),
    about: render('en', 'destination-about', {}).message,
    aboutJa: render('ja', 'destination-about', {}).message,
  });
  return id;
}

/** The filesystem's identity for `stats.dev` (see the file comment). */
export function volumeOf(stats: Pick<Stats, 'dev'>): string {
  if (process.platform === 'linux') {
    try {
      for (const name of readdirSync('/dev/disk/by-uuid')) {
        const dev = statSync(join('/dev/disk/by-uuid', name), { throwIfNoEntry: false });
        if (dev && dev.rdev === stats.dev) return `uuid:${name}`;
      }
    } catch {
      /* no udev names here (a container): the device number will do */
    }
  }
  return `dev:${stats.dev}`;
}

/** What the destination folder looks like now, compared with what Kura remembers (no side effects). */
export type DestinationAssessment =
  | { kind: 'ok'; path: string; id: string; volume: string; dev: number }
  /** No identity and nothing remembered: a first use (claimed by the first run). */
  | { kind: 'first-use'; path: string; volume: string; dev: number }
  /** An identity Kura does not remember for this job (a new PC, a new $KURA_HOME): adopted. */
  | { kind: 'adopt'; path: string; id: string; volume: string; dev: number }
  | { kind: 'missing'; path: string }
  | { kind: 'unreadable'; path: string; reason: string }
  | { kind: 'not-a-folder'; path: string }
  /** The folder is there but the remembered identity file is not: an empty mount point or another disk. */
  | { kind: 'identity-missing'; path: string; remembered: DestinationState }
  | { kind: 'other-disk'; path: string; id: string; remembered: DestinationState }
  | { kind: 'moved'; path: string; id: string; volume: string; remembered: DestinationState };

export async function assessDestination(home: string, jobId: string, path: string): Promise<DestinationAssessment> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing', path };
    return { kind: 'unreadable', path, reason: (err as Error).message };
  }
  if (!st.isDirectory()) return { kind: 'not-a-folder', path };
  const volume = volumeOf(st);
  const found = await readIdentity(path);
  const known = (await readStates(home))[jobId];
  const remembered = known && known.path === path ? known : undefined;
  if (found === null) return remembered ? { kind: 'identity-missing', path, remembered } : { kind: 'first-use', path, volume, dev: st.dev };
  if (!remembered) return { kind: 'adopt', path, id: found, volume, dev: st.dev };
  if (found !== remembered.id) return { kind: 'other-disk', path, id: found, remembered };
  if (volume !== remembered.volume) return { kind: 'moved', path, id: found, volume, remembered };
  return { kind: 'ok', path, id: found, volume, dev: st.dev };
}

/**
 * The run's check before anything is written (see the file comment). Throws destination-not-connected,
 * destination-other-disk or destination-moved; returns what publishing compares with.
 */
export async function checkDestination(home: string, jobId: string, path: string): Promise<CheckedDestination> {
  const a = await assessDestination(home, jobId, path);
  switch (a.kind) {
    case 'ok':
      return { id: a.id, volume: a.volume, dev: a.dev, note: null };
    case 'first-use': {
      const id = await writeIdentity(path);
      await remember(home, jobId, { path, id, volume: a.volume });
      return { id, volume: a.volume, dev: a.dev, note: { code: 'destination-claimed', params: { path, file: IDENTITY_FILE, volume: a.volume } } };
    }
    case 'adopt':
      await remember(home, jobId, { path, id: a.id, volume: a.volume });
      return { id: a.id, volume: a.volume, dev: a.dev, note: { code: 'destination-adopted', params: { path, volume: a.volume } } };
    default:
      throw destinationError(a, jobId);
  }
}

/** The error a run stops with for a destination that is not usable as it is. */
export function destinationError(a: Exclude<DestinationAssessment, { kind: 'ok' | 'first-use' | 'adopt' }>, jobId: string): KuraError {
  const command = `kura destination ${jobId} --trust`;
  switch (a.kind) {
    case 'missing':
      return new KuraError({ code: 'destination-not-connected', params: { path: a.path }, category: 'resource' });
    case 'identity-missing':
      return new KuraError({ code: 'destination-identity-missing', params: { path: a.path, file: IDENTITY_FILE }, category: 'resource' });
    case 'unreadable':
      return new KuraError({ code: 'destination-unavailable', params: { path: a.path, reason: a.reason }, category: 'resource' });
    case 'not-a-folder':
      return new KuraError({ code: 'destination-not-a-folder', params: { path: a.path }, category: 'config' });
    case 'other-disk':
      return new KuraError({ code: 'destination-other-disk', params: { path: a.path, file: IDENTITY_FILE, command }, category: 'resource' });
    case 'moved':
      return new KuraError({ code: 'destination-moved', params: { path: a.path, volume: a.volume, before: a.remembered.volume, command }, category: 'resource' });
  }
}

/**
 * Before publishing: the destination still holds the same identity, and the new snapshot folder is on
 * the same device as the destination was when the run started (a disk unplugged mid-run, whose mount
 * point the rest of the run then wrote into, fails here).
 */
export async function confirmDestinationStillThere(path: string, checked: CheckedDestination, partialPath: string): Promise<void> {
  const [dest, partial] = await Promise.all([stat(path).catch(() => null), stat(partialPath).catch(() => null)]);
  const there = dest !== null && partial !== null && dest.dev === checked.dev && partial.dev === checked.dev && (await readIdentity(path)) === checked.id;
  if (!there) throw new KuraError({ code: 'destination-lost', params: { path }, category: 'resource' });
}

/** `kura destination trust`: accept the folder as it is now (after moving the backups on purpose). */
export async function trustDestination(home: string, jobId: string, path: string): Promise<DestinationState> {
  const st = await stat(path).catch(() => null);
  if (!st?.isDirectory()) throw new KuraError({ code: 'destination-not-connected', params: { path }, category: 'resource' });
  const id = (await readIdentity(path)) ?? (await writeIdentity(path));
  const state = { path, id, volume: volumeOf(st) };
  await remember(home, jobId, state);
  return state;
}

/**
 * Choosing a folder in the wizard: creates it only when asked (`create`), writes the identity if it is
 * missing, and remembers it for the job. A missing folder without `create` is refused.
 */
export async function claimDestination(home: string, jobId: string, path: string, create: boolean): Promise<DestinationState> {
  const st = await stat(path).catch(() => null);
  if (!st) {
    if (!create) throw new KuraError({ code: 'destination-not-connected', params: { path }, category: 'resource' });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path, { recursive: true });
  }
  return trustDestination(home, jobId, path);
}
