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
 *     directly).
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
  const list = [...missing.entries()].map(([privilege, purposes]) => msg('rights-missing-privilege', { privilege, purpose: messageList(purposes.slice(0, 1)) }));
  const databaseLevel = [...missing.keys()];
  const fix = databaseLevel.length > 0 ? `GRANT ${databaseLevel.join(', ')} ON ${quoteIdentifier(toDatabase)}.* TO ${quoteAccount(snap.account)};` : null;
  return { kind: 'mysql', account, where: `${quoteIdentifier(toDatabase)} @ ${mysqlWhere(target)}`, ok: list.length === 0, missing: list, fix };
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
