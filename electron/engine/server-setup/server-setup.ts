/**
 * `kura server-setup <jobId>` and the wizard's "Server setup" page: everything the admin pastes on
 * the shop's servers so the job works, generated from the job itself —
 *   - web server, per rsync-daemon files source: a read-only rsyncd.conf module and its secrets line;
 *   - off-site server, per rsync-daemon target: a writable module and its secrets line;
 *   - SSH sources and targets: where the key goes;
 *   - MySQL/MariaDB, per source: the least-privilege backup account (and what restore adds);
 *   - Redis, per source: an ACL user that may only hand over a snapshot.
 * Each account gets a fresh strong password, stored in the keychain at the same moment, so what is
 * pasted on the server and what Kura sends can never drift apart. Where a source had no keychain
 * entry yet, one is named and written into config.json.
 */
import { readFileSync } from 'node:fs';
import { loadConfig, saveConfig, findJob } from '../config/config-store.js';
import { parseFilesLocation, type FilesLocation } from '../config/files-location.js';
import type { Job } from '../config/schema.js';
import { KuraError } from '../errors.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { generatePassword } from './generate-password.js';
import { accountsFor, backupUserSql, restoreGrantSql } from './mysql-snippets.js';
import { redisAclRule } from './redis-snippets.js';
import { mysqlStandbySnippet, redisStandbySnippet } from './standby-snippets.js';
import {
  DEFAULT_SECRETS_FILE,
  RSYNCD_CONF,
  readOnlyModule,
  rsyncdServiceCommands,
  secretsFileCommands,
  secretsLine,
  writableModule,
  checkValue,
} from './rsyncd-snippets.js';
import type { ServerSetupReport, SetupSnippet } from './setup-snippet.js';

export interface ServerSetupOptions {
  /** The shop PC's address as the servers see it (IP, CIDR or host name): `hosts allow` and the MySQL account host. */
  allowFrom?: string;
  /** The website folder on the web server (default /var/www/html). */
  webRoot?: string;
  /** The folder receiving off-site copies on the backup server (default /srv/kura-backup). */
  backupRoot?: string;
  /** Default /etc/rsyncd.secrets. */
  secretsFile?: string;
  /** The account that owns the website files (read as it); default www-data. */
  filesOwner?: string;
  /** The account that owns the off-site folder; default kura. */
  backupOwner?: string;
  /** Keep passwords already in the keychain instead of generating new ones (re-printing the snippets). */
  reusePasswords?: boolean;
  /** The public key of the job's SSH connection (read from `<keyPath>.pub` when not given). */
  publicKey?: string;
}

export const DEFAULT_WEB_ROOT = '/var/www/html';
export const DEFAULT_BACKUP_ROOT = '/srv/kura-backup';

interface Account {
  key: string;
  ref: string;
  /** True when the config had no passwordRef and `ref` was made up here. */
  newRef: boolean;
  password: string;
  describe: string;
}

/** Builds the report, stores the passwords in the keychain and adds missing passwordRefs to config.json. */
export async function serverSetup(deps: { home: string; secrets: SecretStore }, jobId: string, opts: ServerSetupOptions = {}): Promise<ServerSetupReport> {
  checkOptions(opts);
  const config = await loadConfig(deps.home);
  const job = findJob(config, jobId);
  const accounts = new Map<string, Account>();
  const account = async (key: string, existingRef: string | undefined, fallbackRef: string, describe: string): Promise<Account> => {
    const ref = existingRef ?? fallbackRef;
    const kept = opts.reusePasswords ? await deps.secrets.get(ref) : null;
    const a: Account = { key, ref, newRef: existingRef === undefined, password: kept ?? generatePassword(), describe };
    accounts.set(key, a);
    return a;
  };
  for (const s of job.sources) {
    const needs = s.type === 'mysql' || s.type === 'redis' || (s.type === 'files' && locationOf(s.from).kind === 'daemon');
    if (needs) await account(`source:${s.id}`, s.passwordRef, `${job.id}-${s.id}`, `source "${s.id}" of job "${job.id}"`);
  }
  for (const s of job.sources) {
    if (s.type === 'files') continue;
    for (const [i, sb] of (s.standbys ?? []).entries()) {
      await account(`standby:${s.id}:${i}`, sb.passwordRef, `${job.id}-${s.id}-standby${i + 1}`, `standby ${sb.host}:${sb.port} of source "${s.id}" of job "${job.id}"`);
    }
  }
  for (const t of job.offsite) {
    if (t.type !== 's3' && locationOf(t.to).kind === 'daemon') await account(`offsite:${t.id}`, t.passwordRef, `${job.id}-offsite-${t.id}`, `off-site target "${t.id}" of job "${job.id}"`);
  }
  const report = buildServerSetup(job, opts, (key) => accounts.get(key)!);

  // Only once every snippet was built: a half-done setup must not leave the keychain changed.
  for (const a of accounts.values()) {
    await deps.secrets.set(a.ref, a.password);
    report.passwordsStored.push({ ref: a.ref, for: a.describe });
  }
  const added = [...accounts.values()].filter((a) => a.newRef);
  if (added.length > 0) {
    const fresh = await loadConfig(deps.home);
    const j = findJob(fresh, jobId);
    for (const a of added) {
      const [kind, id, index] = a.key.split(':') as ['source' | 'offsite' | 'standby', string, string?];
      const holder =
        kind === 'source'
          ? j.sources.find((s) => s.id === id)
          : kind === 'standby'
            ? (j.sources.find((s) => s.id === id) as { standbys?: Array<{ passwordRef?: string }> } | undefined)?.standbys?.[Number(index)]
            : // An S3 target's secret is its own (no rsync password to record).
              (j.offsite.find((t) => t.id === id && t.type !== 's3') as { passwordRef?: string } | undefined);
      if (holder && holder.passwordRef === undefined) {
        holder.passwordRef = a.ref;
        report.configChanges.push(`${a.describe} now uses the keychain entry "${a.ref}".`);
      }
    }
    await saveConfig(deps.home, fresh);
  }
  return report;
}

/** The snippets for a job, given each account's password (pure: no keychain, no files). */
export function buildServerSetup(job: Job, opts: ServerSetupOptions, accountFor: (key: string) => { ref: string; password: string }): ServerSetupReport {
  const snippets: SetupSnippet[] = [];
  const allow = opts.allowFrom ?? null;
  const secretsFile = opts.secretsFile ?? DEFAULT_SECRETS_FILE;
  if (job.ssh) snippets.push(connectionSnippet(job, job.ssh, opts.publicKey ?? null));
  for (const s of job.sources) {
    const forRef = { kind: 'source' as const, id: s.id };
    if (s.via === 'ssh' && s.type === 'files') continue; // covered by the connection's key line
    switch (s.type) {
      case 'files': {
        const loc = locationOf(s.from);
        if (loc.kind === 'daemon') {
          const user = loc.user ?? 'kura';
          const { password } = accountFor(`source:${s.id}`);
          const notes = [
            `Set "path" to the website folder on ${loc.host}${opts.webRoot ? '' : ` (${DEFAULT_WEB_ROOT} is only a guess)`}; Kura reads ${loc.path ? `its sub-folder "${loc.path}"` : 'all of it'}.`,
            `The module runs as ${opts.filesOwner ?? 'www-data'}: the account that can read the website files.`,
          ];
          if (loc.user === null) notes.push(`The address in Kura has no user name: change it to ${user}@${loc.host}::${loc.module} so the daemon can check the password.`);
          snippets.push({
            id: `rsyncd-module:${s.id}`,
            title: `rsync module "${loc.module}" for the website files (read only)`,
            for: forRef,
            server: loc.host,
            where: `Append to ${RSYNCD_CONF} on ${loc.host}`,
            language: 'rsyncd.conf',
            content: readOnlyModule({
              module: loc.module,
              path: opts.webRoot ?? DEFAULT_WEB_ROOT,
              user,
              secretsFile,
              hostsAllow: allow,
              uid: opts.filesOwner ?? 'www-data',
              gid: opts.filesOwner ?? 'www-data',
              comment: `Kura backup of job "${job.id}" (source "${s.id}")`,
            }),
            then: rsyncdServiceCommands(),
            notes,
          });
          snippets.push(secretsSnippet(`rsyncd-secrets:${s.id}`, forRef, loc.host, secretsFile, user, password));
        } else if (loc.kind === 'ssh') {
          snippets.push(sshSnippet(forRef, loc, s.sshKeyPath, 'read'));
        }
        break;
      }
      case 'mysql': {
        const { password } = accountFor(`source:${s.id}`);
        const accounts = accountsFor(s.user, s.host, allow);
        const restore = restoreGrantSql(accounts, s.databases);
        snippets.push({
          id: `mysql-backup-user:${s.id}`,
          title: `MySQL/MariaDB backup account "${s.user}" for ${s.databases.join(', ')}`,
          for: forRef,
          server: serverOf(job, s),
          where: `Run as the database administrator on ${where(job, s)} (phpMyAdmin's SQL tab, or: sudo mysql)`,
          language: 'sql',
          content: backupUserSql(accounts, password, s.databases),
          then: [],
          notes: [
            'Only what a backup needs: SELECT, SHOW VIEW, TRIGGER, LOCK TABLES and EVENT on these databases, and reading routine bodies. No PROCESS: Kura dumps with --no-tablespaces.',
            ...(accounts.some((a) => a.host === '%') ? ['The account accepts connections from any address ("%"): give the shop\'s address with --allow to narrow it.'] : []),
          ],
        });
        snippets.push({
          id: `mysql-restore-grants:${s.id}`,
          title: `Extra rights for restoring into ${s.databases.join(', ')} (only while you restore)`,
          for: forRef,
          server: serverOf(job, s),
          where: `Run as the database administrator on ${where(job, s)} before a restore; run the REVOKE lines afterwards`,
          language: 'sql',
          content: `${restore.grant}-- After the restore:\n${restore.revoke}`,
          then: [],
          notes: ['Restoring drops and recreates tables, views, routines, triggers and events, and writes every row; the nightly backup account should not keep these rights.'],
        });
        break;
      }
      case 'redis': {
        const { password } = accountFor(`source:${s.id}`);
        const user = s.username ?? 'kura-backup';
        const rule = redisAclRule(user, password);
        snippets.push({
          id: `redis-acl:${s.id}`,
          title: `Redis ACL user "${user}" that may only hand over a snapshot`,
          for: forRef,
          server: serverOf(job, s),
          where: `Add to the ACL file on ${where(job, s)} (the file named by "aclfile" in redis.conf, e.g. /etc/redis/users.acl), or as a "user …" line in redis.conf when there is no aclfile`,
          language: 'redis-acl',
          content: rule + '\n',
          then: [
            'sudo systemctl restart redis-server    # or: redis-cli ACL LOAD  (when redis.conf has an aclfile)',
            `# Or live, without a restart: redis-cli ACL SETUSER ${rule.slice('user '.length)}   then: redis-cli ACL SAVE (aclfile) or CONFIG REWRITE`,
          ],
          notes: [
            'Allowed: PING, INFO, CONFIG GET, SYNC/PSYNC/REPLCONF (the snapshot stream), BGSAVE/LASTSAVE/TIME (the file method). No key can be read or changed by command.',
            ...(s.username === undefined ? [`Set the Redis user of source "${s.id}" in Kura to "${user}".`] : []),
            'Restoring into this Redis needs an administrator account (restore asks for it).',
          ],
        });
        break;
      }
    }
  }
  for (const s of job.sources) {
    if (s.type === 'files') continue;
    (s.standbys ?? []).forEach((_sb, i) => {
      const { password } = accountFor(`standby:${s.id}:${i}`);
      snippets.push(s.type === 'mysql' ? mysqlStandbySnippet(s, i, password) : redisStandbySnippet(s, i, password));
    });
  }
  for (const t of job.offsite) {
    // An S3 bucket needs nothing pasted on a server: its keys come from the provider's console.
    if (t.type === 's3') continue;
    const forRef = { kind: 'offsite' as const, id: t.id };
    const loc = locationOf(t.to);
    if (loc.kind === 'daemon') {
      const user = loc.user ?? 'kura';
      const { password } = accountFor(`offsite:${t.id}`);
      const root = opts.backupRoot ?? DEFAULT_BACKUP_ROOT;
      const owner = opts.backupOwner ?? 'kura';
      snippets.push({
        id: `rsyncd-module:offsite:${t.id}`,
        title: `rsync module "${loc.module}" receiving the off-site copies (writable)`,
        for: forRef,
        server: loc.host,
        where: `Append to ${RSYNCD_CONF} on ${loc.host}`,
        language: 'rsyncd.conf',
        content: writableModule({
          module: loc.module,
          path: root,
          user,
          secretsFile,
          hostsAllow: allow,
          uid: owner,
          gid: owner,
          comment: `Kura off-site copies of job "${job.id}" (target "${t.id}")`,
        }),
        then: [
          `sudo useradd --system --home-dir ${root} --shell /usr/sbin/nologin ${owner}   # once; skip if it exists`,
          `sudo mkdir -p ${root}${loc.path ? `/${loc.path.replace(/^\/+|\/+$/g, '')}` : ''}`,
          `sudo chown -R ${owner}:${owner} ${root}`,
          `sudo chmod 700 ${root}`,
          ...rsyncdServiceCommands(),
        ],
        notes: [
          `Kura keeps the job's snapshots in ${root}/${loc.path ? `${loc.path.replace(/^\/+|\/+$/g, '')}/` : ''}${job.id}/, hard-linked like on the shop's disk, and deletes only old snapshots it made.`,
          ...(loc.user === null ? [`The address in Kura has no user name: change it to ${user}@${loc.host}::${loc.module}.`] : []),
        ],
      });
      snippets.push(secretsSnippet(`rsyncd-secrets:offsite:${t.id}`, forRef, loc.host, secretsFile, user, password));
    } else if (loc.kind === 'ssh') {
      snippets.push(sshSnippet(forRef, loc, t.sshKeyPath, 'write'));
    }
  }
  return { jobId: job.id, snippets, passwordsStored: [], configChanges: [] };
}

function secretsSnippet(id: string, forRef: SetupSnippet['for'], host: string, secretsFile: string, user: string, password: string): SetupSnippet {
  return {
    id,
    title: `Password line for user "${user}"`,
    for: forRef,
    server: host,
    where: `Add to ${secretsFile} on ${host} (one "user:password" line per user)`,
    language: 'rsyncd.secrets',
    content: secretsLine(user, password) + '\n',
    then: secretsFileCommands(secretsFile),
    notes: ['The rsync daemon refuses a secrets file that others can read: it must be owned by root with mode 600.', 'Kura already has this password in the keychain.'],
  };
}

function sshSnippet(forRef: SetupSnippet['for'], loc: Extract<FilesLocation, { kind: 'ssh' }>, keyPath: string | undefined, access: 'read' | 'write'): SetupSnippet {
  const user = loc.user ?? '<user>';
  const key = keyPath ?? '~/.ssh/id_ed25519';
  return {
    id: `ssh-key:${forRef.kind}:${forRef.id}`,
    title: `SSH key login for ${user}@${loc.host}`,
    for: forRef,
    server: loc.host,
    where: `Add the public key (${key}.pub on the shop PC) to ~${user}/.ssh/authorized_keys on ${loc.host}`,
    language: 'shell',
    content: `${access === 'read' ? `command="rrsync -ro -absolute ${loc.path}",` : `command="rrsync -absolute ${loc.path}",`}restrict <contents of ${key}.pub>\n`,
    then: [`sudo chmod 700 ~${user}/.ssh`, `sudo chmod 600 ~${user}/.ssh/authorized_keys`],
    notes: [
      `"rrsync" (shipped with rsync, often in /usr/share/doc/rsync/scripts/ or /usr/bin/rrsync) limits this key to rsync in ${loc.path}${access === 'read' ? ', read only' : ''}. Without it the key can open a full shell.`,
      'No password is involved: Kura logs in with the key file set in the job.',
    ],
  };
}

/** The machine an admin logs in to for this source: the SSH server when the source goes through it. */
function serverOf(job: Job, s: { via?: 'ssh'; host: string }): string {
  return s.via === 'ssh' && job.ssh ? job.ssh.host : s.host;
}

/** "127.0.0.1:3306", or "127.0.0.1:3306 as seen from web.example.jp (the SSH server)". */
function where(job: Job, s: { via?: 'ssh'; host: string; port: number }): string {
  return s.via === 'ssh' && job.ssh ? `${s.host}:${s.port} as seen from ${job.ssh.host} (the SSH server)` : `${s.host}:${s.port}`;
}

/**
 * The authorized_keys line for the job's SSH key, restricted as far as the sources allow:
 * `restrict` (no shell, no agent or X11 forwarding, no pty), forwarding only to the databases
 * the job reaches through SSH (`permitopen`), and rsync only, read only, below the common folder
 * of its files sources (`rrsync -ro`). Restoring files through this key needs rrsync without -ro.
 */
export function authorizedKeysLine(job: Pick<Job, 'sources'>, publicKey: string): string {
  const viaSsh = job.sources.filter((s) => s.via === 'ssh');
  const opens = [...new Set(viaSsh.flatMap((s) => (s.type === 'files' ? [] : [`${s.host.includes(':') && !s.host.startsWith('[') ? `[${s.host}]` : s.host}:${s.port}`])))];
  const folders = viaSsh.flatMap((s) => (s.type === 'files' ? [s.from] : []));
  const options = ['restrict'];
  if (opens.length > 0) options.push('port-forwarding', ...opens.map((o) => `permitopen="${o}"`));
  // -absolute: Kura asks for the folder by its full path (rrsync otherwise reads "/" as its own DIR).
  options.push(folders.length > 0 ? `command="rrsync -ro -absolute ${commonFolder(folders)}"` : 'command="/bin/false"');
  return `${options.join(',')} ${publicKey.trim()}`;
}

/** The deepest folder that holds all of them ("/" at worst). */
function commonFolder(folders: string[]): string {
  const split = folders.map((f) => f.split('/').filter(Boolean));
  const common: string[] = [];
  for (let i = 0; split.every((p) => i < p.length && p[i] === split[0]![i]); i++) common.push(split[0]![i]!);
  return `/${common.join('/')}`;
}

function connectionSnippet(job: Job, ssh: NonNullable<Job['ssh']>, publicKey: string | null): SetupSnippet {
  const key = publicKey ?? (ssh.keyPath ? readPublicKey(ssh.keyPath) : null);
  const home = `~${ssh.user}`;
  const forRef = { kind: 'connection' as const, id: job.id };
  if (ssh.keyPath === undefined) {
    return {
      id: `ssh-login:${job.id}`,
      title: `SSH login for ${ssh.user}@${ssh.host} (password)`,
      for: forRef,
      server: ssh.host,
      where: `Nothing to paste: Kura logs in as ${ssh.user} with the password in the keychain`,
      language: 'shell',
      content: `# The server must allow password logins for ${ssh.user} (PasswordAuthentication yes) and TCP forwarding (AllowTcpForwarding yes or local).
`,
      then: [],
      notes: ['A key is safer than a password: generate one for Kura in the setup wizard and switch the connection to it.'],
    };
  }
  return {
    id: `ssh-key:${job.id}`,
    title: `SSH key for ${ssh.user}@${ssh.host}, limited to what the backup needs`,
    for: forRef,
    server: ssh.host,
    where: `Add one line to ${home}/.ssh/authorized_keys on ${ssh.host} (or paste the key into your hosting panel's SSH key page)`,
    language: 'shell',
    content: `${authorizedKeysLine(job, key ?? `<contents of ${ssh.keyPath}.pub>`)}
`,
    then: [`mkdir -p ${home}/.ssh && chmod 700 ${home}/.ssh`, `chmod 600 ${home}/.ssh/authorized_keys`],
    notes: [
      'restrict: no shell, no terminal; port-forwarding with permitopen: only to the databases this job reaches; rrsync -ro: rsync only, read only, in that folder (rrsync comes with rsync: /usr/bin/rrsync, or /usr/share/doc/rsync/scripts/rrsync). An rrsync without the -absolute option (older rsync packages) reads the folder as relative to its own: there use "rrsync -ro /" (read only, whole server).',
      'Restoring website files through SSH needs write access: for the restore, remove "-ro" from the rrsync command (and put it back afterwards).',
      ...(key === null ? [`Kura could not read ${ssh.keyPath}.pub: paste the public key in place of the <…> part.`] : []),
      'A hosting panel that only takes the bare key (ssh-ed25519 AAAA…) gives the key full shell access; that works too, without the limits.',
    ],
  };
}

function readPublicKey(keyPath: string): string | null {
  try {
    const text = readFileSync(`${keyPath}.pub`, 'utf8').trim();
    return /^(ssh-|ecdsa-)\S+ [A-Za-z0-9+/=]+/.test(text) ? text : null;
  } catch {
    return null;
  }
}

function locationOf(address: string): FilesLocation {
  const r = parseFilesLocation(address);
  if (!r.ok) throw new KuraError({ code: 'config-invalid', category: 'config', message: `"${address}" ${r.reason}.` });
  return r.location;
}

function checkOptions(opts: ServerSetupOptions): void {
  if (opts.allowFrom !== undefined && !/^[A-Za-z0-9.:/_%-]+(?:[ ,]+[A-Za-z0-9.:/_%-]+)*$/.test(opts.allowFrom)) {
    throw new KuraError({ code: 'usage', category: 'config', message: `"${opts.allowFrom}" is not an address list.`, hint: 'Give an IP address, a network such as 203.0.113.0/24, or a host name.' });
  }
  for (const [what, p] of [['--web-root', opts.webRoot], ['--backup-root', opts.backupRoot], ['--secrets-file', opts.secretsFile]] as const) {
    if (p === undefined) continue;
    checkValue(p);
    if (!p.startsWith('/') || /\s/.test(p)) throw new KuraError({ code: 'usage', category: 'config', message: `${what} must be an absolute server path without spaces: "${p}".` });
  }
  for (const [what, u] of [['--files-owner', opts.filesOwner], ['--backup-owner', opts.backupOwner]] as const) {
    if (u !== undefined && !/^[a-z_][a-z0-9_-]*\$?$/i.test(u)) throw new KuraError({ code: 'usage', category: 'config', message: `${what} must be a user name: "${u}".` });
  }
}
