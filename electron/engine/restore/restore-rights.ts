/**
 * Before Start: may the account this restore will use do every step of it? The backup account and
 * the read-only rsync module Kura's server-setup recommends may only read — so without this check a
 * restore "after the outage" failed half-way with a sentence pointing the wrong way ("the database
 * does not exist…"). Here the plan asks the server itself and names each missing right with what it
 * is needed for, and the restore refuses before anything changes (before the journal, before the
 * safety dump).
 *
 *   - MySQL/MariaDB: the account's grants as the server reports them (information_schema's privilege
 *     views for CURRENT_USER(), the same reading the backup's own check uses), against what this
 *     restore runs: CREATE/DROP/INSERT/ALTER/LOCK TABLES for the import, CREATE VIEW, CREATE and
 *     ALTER ROUTINE, TRIGGER, EVENT when the snapshot holds such objects, and what the safety dump of
 *     a non-empty target reads. Rights held only through a role or per table are not seen and are
 *     reported as missing (the admin can still run the restore with an account that holds them
 *     directly). And the owners: a view, routine, trigger or event owned by another account (the
 *     manifest's `definers`) is created under that owner only with SET USER (MariaDB 10.5.2+) /
 *     SET_USER_ID or SET_ANY_DEFINER (MySQL 8) / SUPER — unless the restore makes the restoring
 *     account their owner (`stripDefiners`). Without this the plan said OK and the import then
 *     stopped with ERROR 1227 after Start. A snapshot from before the owners were recorded gets a
 *     note (the owners are unknown), not a refusal.
 *   - rsync daemon or SSH target: a dry-run push of an empty folder — the daemon refuses it exactly as
 *     it would refuse the restore ("module is read only", wrong password, unknown module).
 *   - a local folder: the folder, or the nearest existing folder above it, must be writable.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KuraError, toKuraError } from '../errors.js';
import type { MysqlManifestItem } from '../snapshot/manifest.js';
import {
  compareVersions,
  holdsPrivilege,
  missingPrivileges,
  mysqlWhere,
  probeDatabase,
  queryPrivileges,
  quoteAccount,
  quoteIdentifier,
  withDefaultsFile,
  type MysqlClient,
  type MysqlTarget,
  type PrivilegeSnapshot,
} from '../tools/mysql/index.js';
import { describeLocation, pushFiles, type RsyncClient } from '../tools/rsync/index.js';
import type { FilesRestoreTarget } from './files-restore.js';
import type { RestoreRights } from './types.js';
import { errorMessage } from './said.js';
import { messageList, msg, type MessageCode, type MessageData } from '../../shared/messages/index.js';

type Purpose = Extract<MessageCode, `rights-purpose-${string}`>;

interface Need {
  privilege: string;
  purpose: MessageData;
}

/** What restoring `item` into `database` runs on the server, privilege by privilege. */
export function mysqlRestoreNeeds(item: MysqlManifestItem, flavour: 'mysql' | 'mariadb', version: string): Need[] {
  const p = (privilege: string, code: Purpose, count?: number): Need => ({ privilege, purpose: count === undefined ? msg(code as 'rights-purpose-create', {}) : msg(code as 'rights-purpose-views', { count }) });
  const needs: Need[] = [
    p('CREATE', 'rights-purpose-create'),
    p('DROP', 'rights-purpose-drop'),
    p('INSERT', 'rights-purpose-insert'),
    p('ALTER', 'rights-purpose-alter'),
    p('LOCK TABLES', 'rights-purpose-lock'),
  ];
  // MySQL 8.0.22+ checks REFERENCES when a table with a foreign key is created; MariaDB does not.
  const v = /^(\d+\.\d+\.\d+)/.exec(version)?.[1] ?? '0.0.0';
  if (flavour === 'mysql' && compareVersions(v, '8.0.22') >= 0) needs.push(p('REFERENCES', 'rights-purpose-references'));
  if (item.views.length > 0) needs.push(p('CREATE VIEW', 'rights-purpose-views', item.views.length));
  if (item.routines.length > 0) needs.push(p('CREATE ROUTINE', 'rights-purpose-routines', item.routines.length), p('ALTER ROUTINE', 'rights-purpose-routines', item.routines.length));
  if (item.triggers.length > 0) needs.push(p('TRIGGER', 'rights-purpose-triggers', item.triggers.length));
  if (item.events.length > 0) needs.push(p('EVENT', 'rights-purpose-events', item.events.length));
  return needs;
}

export async function mysqlRestoreRights(opts: {
  client: MysqlClient;
  target: MysqlTarget;
  item: MysqlManifestItem;
  toDatabase: string;
  safetyBackup: boolean;
  /** "Make me the owner of views and routines": the DEFINER clauses are removed, no owner's right is needed. */
  stripDefiners: boolean;
  signal?: AbortSignal;
}): Promise<RestoreRights> {
  const { client, target, item, toDatabase, signal } = opts;
  const snap = await queryPrivileges(client, target, signal);
  const needs = mysqlRestoreNeeds(item, snap.serverFlavour, snap.serverVersion);
  // The safety dump of a target that holds tables reads what a backup reads (and refuses, like one, without TRIGGER).
  if (opts.safetyBackup) {
    const before = await withDefaultsFile(target, (cnf) => probeDatabase(client, cnf, target, toDatabase, { signal }));
    if (before.kind === 'exists' && before.tables.length + before.views.length > 0) {
      for (const m of missingPrivileges(snap, toDatabase)) needs.push({ privilege: m.privilege, purpose: msg('rights-purpose-safety', {}) });
    }
  }
  const missing = new Map<string, MessageData[]>();
  for (const n of needs) {
    if (holdsPrivilege(snap, n.privilege, toDatabase)) continue;
    missing.set(n.privilege, [...(missing.get(n.privilege) ?? []), n.purpose]);
  }
  const account = `${quoteAccount(snap.account)} @ ${mysqlWhere(target)}`;
  const list: MessageData[] = [...missing.entries()].map(([privilege, purposes]) => msg('rights-missing-privilege', { privilege, purpose: messageList(purposes.slice(0, 1)) }));
  const databaseLevel = [...missing.keys()];
  const grants = databaseLevel.length > 0 ? [`GRANT ${databaseLevel.join(', ')} ON ${quoteIdentifier(toDatabase)}.* TO ${quoteAccount(snap.account)};`] : [];
  const notes: MessageData[] = [];
  const owners = opts.stripDefiners ? { kind: 'none' as const } : definerNeed(item, snap);
  if (owners.kind !== 'none') {
    const grant = `GRANT ${owners.privilege} ON *.* TO ${quoteAccount(snap.account)};`;
    if (owners.kind === 'others') {
      list.push(msg('rights-missing-definer', { privilege: owners.privilege, definers: owners.definers.join(', '), grant }));
      grants.push(grant);
    } else {
      notes.push(msg('rights-definers-unknown', { privilege: owners.privilege, account: quoteAccount(snap.account), grant }));
    }
  }
  const fix = grants.length > 0 ? grants.join(' ') : null;
  const lacks = { write: missing.size > 0, owner: owners.kind === 'others' ? owners.privilege : null };
  return { kind: 'mysql', account, where: `${quoteIdentifier(toDatabase)} @ ${mysqlWhere(target)}`, ok: list.length === 0, missing: list, fix, notes, lacks };
}

/** The rights that let an account create an object for another owner (any one is enough). */
const DEFINER_RIGHTS = ['SET USER', 'SET_USER_ID', 'SET_ANY_DEFINER', 'SUPER'];

/**
 * Whether restoring the snapshot's views, routines, triggers and events under their recorded owners
 * needs the right to act as another account, and which one this server calls it: 'others' names the
 * owners that are not the restoring account; 'unknown' when the snapshot did not record them.
 */
export function definerNeed(
  item: Pick<MysqlManifestItem, 'views' | 'routines' | 'triggers' | 'events' | 'definers'>,
  snap: Pick<PrivilegeSnapshot, 'account' | 'global' | 'serverFlavour' | 'serverVersion'>,
): { kind: 'none' } | { kind: 'others'; privilege: string; definers: string[] } | { kind: 'unknown'; privilege: string } {
  const objects = item.views.length + item.routines.length + item.triggers.length + item.events.length;
  if (objects === 0 || DEFINER_RIGHTS.some((r) => snap.global.has(r))) return { kind: 'none' };
  const v = /^(\d+\.\d+\.\d+)/.exec(snap.serverVersion)?.[1] ?? '0.0.0';
  const privilege =
    snap.serverFlavour === 'mariadb'
      ? compareVersions(v, '10.5.2') >= 0
        ? 'SET USER'
        : 'SUPER'
      : compareVersions(v, '8.2.0') >= 0
        ? 'SET_ANY_DEFINER'
        : compareVersions(v, '8.0.0') >= 0
          ? 'SET_USER_ID'
          : 'SUPER';
  if (item.definers === undefined) return { kind: 'unknown', privilege };
  // DEFINER reads "user@host"; the user part may hold "@", the host part never does. Host names compare without case.
  const me = `${snap.account.user}@${snap.account.host.toLowerCase()}`;
  const others = item.definers.filter((d) => {
    const at = d.lastIndexOf('@');
    return (at < 0 ? d : `${d.slice(0, at)}@${d.slice(at + 1).toLowerCase()}`) !== me;
  });
  return others.length === 0 ? { kind: 'none' } : { kind: 'others', privilege, definers: others };
}

/** Whether the restore may write where the files go (see the file comment). */
export async function filesRestoreRights(opts: { client: () => Promise<RsyncClient>; target: FilesRestoreTarget; signal?: AbortSignal }): Promise<RestoreRights> {
  const { target } = opts;
  if (target.kind === 'folder') {
    const folder = await nearestFolder(target.path);
    const writable = folder !== null && (await access(folder, constants.W_OK).then(() => true, () => false));
    return {
      kind: 'folder',
      account: folder ?? target.path,
      where: target.path,
      ok: writable,
      missing: writable ? [] : [msg('rights-folder-not-writable', { path: folder ?? target.path })],
      fix: null,
    };
  }
  const where = describeLocation(target.location);
  const user = target.location.kind === 'local' ? '' : (target.location.user ?? '');
  const empty = await mkdtemp(join(tmpdir(), 'kura-write-probe-'));
  const shell = target.shell ? await target.shell() : null;
  try {
    await pushFiles({
      client: await opts.client(),
      fromDir: empty,
      location: target.location,
      mode: 'merge',
      password: target.password,
      sshKeyPath: target.sshKeyPath,
      sshPort: target.sshPort,
      dryRun: true,
      signal: opts.signal,
      ...(shell ? { remoteShell: shell } : {}),
    });
    return { kind: 'files', account: user ? `${user} @ ${where}` : where, where, ok: true, missing: [], fix: null };
  } catch (err) {
    const e = toKuraError(err);
    // Cancelled, or the server unreachable: not a question of rights — say it as it is.
    if (e.category === 'cancelled' || e.category === 'network') throw e;
    return {
      kind: 'files',
      account: user ? `${user} @ ${where}` : where,
      where,
      ok: false,
      missing: [msg('rights-files-cannot-write', { where, reason: messageList([errorMessage(e)]) })],
      fix: null,
    };
  } finally {
    await shell?.release();
    await rm(empty, { recursive: true, force: true });
  }
}

/** The refusal of a restore whose account may not do every step: nothing was changed. */
export function rightsError(r: RestoreRights): KuraError {
  const missing = messageList(r.missing);
  switch (r.kind) {
    case 'mysql':
      return new KuraError({ code: 'restore-rights-mysql', params: { account: r.account, where: r.where, missing, fix: r.fix ?? '' }, category: 'auth' });
    case 'files':
      return new KuraError({ code: 'restore-rights-files', params: { account: r.account, missing }, category: 'auth' });
    case 'folder':
      return new KuraError({ code: 'restore-rights-folder', params: { path: r.where, missing }, category: 'config' });
  }
}

async function nearestFolder(path: string): Promise<string | null> {
  let p = path;
  for (;;) {
    const s = await stat(p).catch(() => null);
    if (s) return s.isDirectory() ? p : null;
    const up = dirname(p);
    if (up === p) return null;
    p = up;
  }
}
