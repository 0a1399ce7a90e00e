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
import { accountsFor, backupUserSql, restoreUserName, restoreUserSql } from './mysql-snippets.js';
import { redisAclRule } from './redis-snippets.js';
import { gateScript } from '../tools/redis/server-rdb.js';
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
import type { Lang } from '../../shared/messages/define.js';
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';
import { render } from '../../shared/messages/render.js';

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
  /** The language of the comments inside what is pasted (default English). */
  language?: Lang;
}

export const DEFAULT_WEB_ROOT = '/var/www/html';
export const DEFAULT_BACKUP_ROOT = '/srv/kura-backup';

interface Account {
  key: string;
  ref: string;
  /** True when the config had no passwordRef and `ref` was made up here. */
  newRef: boolean;
  password: string;
  describe: MessageData;
}

/** Builds the report, stores the passwords in the keychain and adds missing passwordRefs to config.json. */
export async function serverSetup(deps: { home: string; secrets: SecretStore }, jobId: string, opts: ServerSetupOptions = {}): Promise<ServerSetupReport> {
  checkOptions(opts);
  const config = await loadConfig(deps.home);
  const job = findJob(config, jobId);
  const accounts = new Map<string, Account>();
  const account = async (key: string, existingRef: string | undefined, fallbackRef: string, describe: MessageData): Promise<Account> => {
    const ref = existingRef ?? fallbackRef;
    const kept = opts.reusePasswords ? await deps.secrets.get(ref) : null;
    const a: Account = { key, ref, newRef: existingRef === undefined, password: kept ?? generatePassword(), describe };
    accounts.set(key, a);
    return a;
  };
  for (const s of job.sources) {
    const needs = s.type === 'mysql' || s.type === 'redis' || (s.type === 'files' && locationOf(s.from).kind === 'daemon');
    if (needs) await account(`source:${s.id}`, s.passwordRef, `${job.id}-${s.id}`, msg('setup-for-source', { source: s.id, job: job.id }));
  }
  for (const s of job.sources) {
    if (s.type === 'files') continue;
    for (const [i, sb] of (s.standbys ?? []).entries()) {
      await account(`standby:${s.id}:${i}`, sb.passwordRef, `${job.id}-${s.id}-standby${i + 1}`, msg('setup-for-standby', { standby: `${sb.host}:${sb.port}`, source: s.id, job: job.id }));
    }
  }
  for (const t of job.offsite) {
    if (t.type !== 's3' && locationOf(t.to).kind === 'daemon') await account(`offsite:${t.id}`, t.passwordRef, `${job.id}-offsite-${t.id}`, msg('setup-for-offsite', { target: t.id, job: job.id }));
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
        report.configChanges.push(msg('setup-config-ref', { for: nestedMessage(a.describe), ref: a.ref }));
      }
    }
    await saveConfig(deps.home, fresh);
  }
  return report;
}

/**
 * The snippets for a job, given each account's password (pure: no keychain, no files). The restore
 * access gets `freshPassword()`, shown and never stored: it is typed when a restore needs it.
 */
export function buildServerSetup(
  job: Job,
  opts: ServerSetupOptions,
  accountFor: (key: string) => { ref: string; password: string },
  freshPassword: () => string = generatePassword,
): ServerSetupReport {
  const snippets: SetupSnippet[] = [];
  const lang = opts.language ?? 'en';
  const allow = opts.allowFrom ?? null;
  const secretsFile = opts.secretsFile ?? DEFAULT_SECRETS_FILE;
  if (job.ssh) {
    if (job.ssh.keyPath !== undefined && needsGate(job)) snippets.push(gateSnippet(job, job.ssh, lang));
    snippets.push(connectionSnippet(job, job.ssh, opts.publicKey ?? null, lang));
  }
  for (const s of job.sources) {
    const forRef = { kind: 'source' as const, id: s.id };
    if (s.via === 'ssh' && s.type === 'files') continue; // covered by the connection's key line
    switch (s.type) {
      case 'files': {
        const loc = locationOf(s.from);
        if (loc.kind === 'daemon') {
          const user = loc.user ?? 'kura';
          const { password } = accountFor(`source:${s.id}`);
          const notes: MessageData[] = [webPathNote(loc.host, loc.path, opts.webRoot), msg('setup-note-module-owner', { owner: opts.filesOwner ?? 'www-data' })];
          if (loc.user === null) notes.push(msg('setup-note-address-no-user', { address: `${user}@${loc.host}::${loc.module}` }));
          snippets.push({
            id: `rsyncd-module:${s.id}`,
            title: msg('setup-title-rsync-module-read', { module: loc.module }),
            for: forRef,
            server: loc.host,
            where: msg('setup-where-append', { file: RSYNCD_CONF, host: loc.host }),
            language: 'rsyncd.conf',
            content: readOnlyModule(
              {
                module: loc.module,
                path: opts.webRoot ?? DEFAULT_WEB_ROOT,
                user,
                secretsFile,
                hostsAllow: allow,
                uid: opts.filesOwner ?? 'www-data',
                gid: opts.filesOwner ?? 'www-data',
                heading: render(lang, 'setup-conf-comment-source', { job: job.id, source: s.id }).message,
              },
              lang,
            ),
            then: rsyncdServiceCommands(lang),
            notes,
          });
          snippets.push(secretsSnippet(`rsyncd-secrets:${s.id}`, forRef, loc.host, secretsFile, user, password, lang));
          snippets.push(...restoreModuleSnippets(job.id, s.id, loc, user, opts, secretsFile, freshPassword(), lang));
        } else if (loc.kind === 'ssh') {
          snippets.push(sshSnippet(forRef, loc, s.sshKeyPath, 'read'));
        }
        break;
      }
      case 'mysql': {
        const { password } = accountFor(`source:${s.id}`);
        const accounts = accountsFor(s.user, s.host, allow);
        const restoreUser = restoreUserName(s.user);
        const restore = restoreUserSql(accountsFor(restoreUser, s.host, allow), freshPassword(), s.databases, lang);
        snippets.push({
          id: `mysql-backup-user:${s.id}`,
          title: msg('setup-title-mysql-backup-user', { user: s.user, databases: s.databases.join(', ') }),
          for: forRef,
          server: serverOf(job, s),
          where: msg('setup-where-mysql-admin', { where: where(job, s) }),
          language: 'sql',
          content: backupUserSql(accounts, password, s.databases, lang),
          then: [],
          notes: [msg('setup-note-mysql-least', {}), ...(accounts.some((a) => a.host === '%') ? [msg('setup-note-mysql-any-host', {})] : [])],
        });
        // Restore access: a separate account, created for a restore and dropped after it (its password is not stored).
        snippets.push({
          id: `mysql-restore-user:${s.id}`,
          title: msg('setup-title-mysql-restore-user', { user: restoreUser, databases: s.databases.join(', ') }),
          for: forRef,
          server: serverOf(job, s),
          where: msg('setup-where-mysql-restore-user', { where: where(job, s) }),
          language: 'sql',
          content: `${restore.create}-- ${render(lang, 'setup-sql-remove-access', {}).message}\n${restore.remove}`,
          then: [],
          notes: [msg('setup-note-mysql-restore', {}), msg('setup-note-restore-separate', { user: s.user }), msg('setup-note-restore-password', {})],
        });
        break;
      }
      case 'redis': {
        const { password } = accountFor(`source:${s.id}`);
        const user = s.username ?? 'kura-backup';
        const rule = redisAclRule(user, password);
        snippets.push({
          id: `redis-acl:${s.id}`,
          title: msg('setup-title-redis-acl', { user }),
          for: forRef,
          server: serverOf(job, s),
          where: msg('setup-where-redis-acl', { where: where(job, s) }),
          language: 'redis-acl',
          content: rule + '\n',
          then: [
            `sudo systemctl restart redis-server    # ${render(lang, 'setup-cmd-redis-restart-or', { command: 'redis-cli ACL LOAD' }).message}`,
            `# ${render(lang, 'setup-cmd-redis-live', { command: `redis-cli ACL SETUSER ${rule.slice('user '.length)}`, save: 'redis-cli ACL SAVE' }).message}`,
          ],
          notes: [
            msg('setup-note-redis-allowed', {}),
            ...(s.username === undefined ? [msg('setup-note-redis-set-user', { source: s.id, user })] : []),
            msg('setup-note-redis-restore-admin', {}),
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
        title: msg('setup-title-rsync-module-write', { module: loc.module }),
        for: forRef,
        server: loc.host,
        where: msg('setup-where-append', { file: RSYNCD_CONF, host: loc.host }),
        language: 'rsyncd.conf',
        content: writableModule(
          {
            module: loc.module,
            path: root,
            user,
            secretsFile,
            hostsAllow: allow,
            uid: owner,
            gid: owner,
            heading: render(lang, 'setup-conf-comment-offsite', { job: job.id, target: t.id }).message,
          },
          lang,
        ),
        then: [
          `sudo useradd --system --home-dir ${root} --shell /usr/sbin/nologin ${owner}   # ${render(lang, 'setup-cmd-once', {}).message}`,
          `sudo mkdir -p ${root}${loc.path ? `/${loc.path.replace(/^\/+|\/+$/g, '')}` : ''}`,
          `sudo chown -R ${owner}:${owner} ${root}`,
          `sudo chmod 700 ${root}`,
          ...rsyncdServiceCommands(lang),
        ],
        notes: [
          msg('setup-note-offsite-layout', { path: `${root}/${loc.path ? `${loc.path.replace(/^\/+|\/+$/g, '')}/` : ''}${job.id}/` }),
          ...(loc.user === null ? [msg('setup-note-address-no-user~offsite', { address: `${user}@${loc.host}::${loc.module}` })] : []),
        ],
      });
      snippets.push(secretsSnippet(`rsyncd-secrets:offsite:${t.id}`, forRef, loc.host, secretsFile, user, password, lang));
    } else if (loc.kind === 'ssh') {
      snippets.push(sshSnippet(forRef, loc, t.sshKeyPath, 'write'));
    }
  }
  return { jobId: job.id, snippets, passwordsStored: [], configChanges: [] };
}

/**
 * Next to the read-only backup module: a writable module on the same folder for restores, with its
 * own user. It admits that user only while its line is in the secrets file, so removing the line
 * (printed with it) takes the write access away again without touching rsyncd.conf.
 */
function restoreModuleSnippets(
  jobId: string,
  sourceId: string,
  loc: Extract<FilesLocation, { kind: 'daemon' }>,
  backupUser: string,
  opts: ServerSetupOptions,
  secretsFile: string,
  password: string,
  lang: Lang,
): SetupSnippet[] {
  const forRef = { kind: 'source' as const, id: sourceId };
  const module = restoreModuleName(loc.module);
  const user = restoreRsyncUser(backupUser);
  const owner = opts.filesOwner ?? 'www-data';
  const remove = `sudo sed -i '/^${user}:/d' ${secretsFile}`;
  const moduleSnippet: SetupSnippet = {
    id: `rsyncd-restore-module:${sourceId}`,
    title: msg('setup-title-rsync-module-restore', { module }),
    for: forRef,
    server: loc.host,
    where: msg('setup-where-append', { file: RSYNCD_CONF, host: loc.host }),
    language: 'rsyncd.conf',
    content: writableModule(
      {
        module,
        path: opts.webRoot ?? DEFAULT_WEB_ROOT,
        user,
        secretsFile,
        hostsAllow: opts.allowFrom ?? null,
        uid: owner,
        gid: owner,
        heading: render(lang, 'setup-conf-comment-restore', { job: jobId, source: sourceId }).message,
      },
      lang,
    ),
    then: rsyncdServiceCommands(lang),
    notes: [msg('setup-note-rsync-restore-module', { module: loc.module, restoreModule: module, owner, user })],
  };
  const secrets = secretsSnippet(`rsyncd-restore-secrets:${sourceId}`, forRef, loc.host, secretsFile, user, password, lang);
  return [
    moduleSnippet,
    {
      ...secrets,
      title: msg('setup-title-secrets-line-restore', { user }),
      then: [...secrets.then, `# ${render(lang, 'setup-cmd-remove-restore-access', {}).message}`, `# ${remove}`],
      notes: [msg('setup-note-secrets-mode', {}), msg('setup-note-restore-password', {})],
    },
  ];
}

/** "www" → "www-restore": the writable module next to the read-only one. */
export function restoreModuleName(module: string): string {
  return `${module}-restore`;
}

/** "web" → "web-restore": the user of the restore module. */
export function restoreRsyncUser(user: string): string {
  return `${user}-restore`;
}

function secretsSnippet(id: string, forRef: SetupSnippet['for'], host: string, secretsFile: string, user: string, password: string, lang: Lang): SetupSnippet {
  return {
    id,
    title: msg('setup-title-secrets-line', { user }),
    for: forRef,
    server: host,
    where: msg('setup-where-secrets', { file: secretsFile, host }),
    language: 'rsyncd.secrets',
    content: secretsLine(user, password) + '\n',
    then: secretsFileCommands(secretsFile, lang),
    notes: [msg('setup-note-secrets-mode', {}), msg('setup-note-secrets-stored', {})],
  };
}

/** Where the website folder is and how much of it Kura reads (the default web root is only a guess). */
function webPathNote(host: string, path: string, webRoot: string | undefined): MessageData {
  if (webRoot) return path ? msg('setup-note-web-path~chosen', { host, path }) : msg('setup-note-web-path~chosen-all', { host });
  return path ? msg('setup-note-web-path', { host, root: DEFAULT_WEB_ROOT, path }) : msg('setup-note-web-path~all', { host, root: DEFAULT_WEB_ROOT });
}

function sshSnippet(forRef: SetupSnippet['for'], loc: Extract<FilesLocation, { kind: 'ssh' }>, keyPath: string | undefined, access: 'read' | 'write'): SetupSnippet {
  const user = loc.user ?? '<user>';
  const key = keyPath ?? '~/.ssh/id_ed25519';
  return {
    id: `ssh-key:${forRef.kind}:${forRef.id}`,
    title: msg('setup-title-ssh-key', { user, host: loc.host }),
    for: forRef,
    server: loc.host,
    where: msg('setup-where-authorized-keys', { key, user, host: loc.host }),
    language: 'shell',
    content: `${access === 'read' ? `command="rrsync -ro -absolute ${loc.path}",` : `command="rrsync -absolute ${loc.path}",`}restrict <contents of ${key}.pub>\n`,
    then: [`sudo chmod 700 ~${user}/.ssh`, `sudo chmod 600 ~${user}/.ssh/authorized_keys`],
    notes: [msg(access === 'read' ? 'setup-note-rrsync~read-only' : 'setup-note-rrsync', { path: loc.path }), msg('setup-note-key-no-password', {})],
  };
}

/** The machine an admin logs in to for this source: the SSH server when the source goes through it. */
function serverOf(job: Job, s: { via?: 'ssh'; host: string }): string {
  return s.via === 'ssh' && job.ssh ? job.ssh.host : s.host;
}

/** "127.0.0.1:3306", or "127.0.0.1:3306 as seen from web.example.jp (the SSH server)" (a message, for `{{where, messages}}`). */
function where(job: Job, s: { via?: 'ssh'; host: string; port: number }): string {
  return s.via === 'ssh' && job.ssh ? nestedMessage(msg('setup-server-through-ssh', { address: `${s.host}:${s.port}`, host: job.ssh.host })) : `${s.host}:${s.port}`;
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
  const gated = gateRedisTargets(job);
  if (gated.length > 0) {
    // The gate (gateScript) passes rsync to rrsync -ro below the folder, and lets the server write these Redis servers' snapshots.
    options.push(`command="sh ${GATE_FILE} ${folders.length > 0 ? commonFolder(folders) : '-'} ${gated.join(' ')}"`);
  } else {
    // -absolute: Kura asks for the folder by its full path (rrsync otherwise reads "/" as its own DIR).
    options.push(folders.length > 0 ? `command="rrsync -ro -absolute ${commonFolder(folders)}"` : 'command="/bin/false"');
  }
  return `${options.join(',')} ${publicKey.trim()}`;
}

/** Where the gate goes, relative to the SSH user's home (sshd starts the forced command there). */
export const GATE_FILE = '.ssh/kura-gate.sh';

/** Redis sources through SSH (host:port as the server sees them): their later nights are written on the server (redis-via-server.ts), which the key must allow. */
function gateRedisTargets(job: Pick<Job, 'sources'>): string[] {
  return [...new Set(job.sources.flatMap((s) => (s.type === 'redis' && s.via === 'ssh' && s.method === 'sync' ? [`${s.host}:${s.port}`] : [])))];
}

function needsGate(job: Pick<Job, 'sources'>): boolean {
  return gateRedisTargets(job).length > 0;
}

/** The deepest folder that holds all of them ("/" at worst). */
function commonFolder(folders: string[]): string {
  const split = folders.map((f) => f.split('/').filter(Boolean));
  const common: string[] = [];
  for (let i = 0; split.every((p) => i < p.length && p[i] === split[0]![i]); i++) common.push(split[0]![i]!);
  return `/${common.join('/')}`;
}

/** The gate the key line runs (tools/redis/server-rdb.ts), to be saved before the line is added. */
function gateSnippet(job: Job, ssh: NonNullable<Job['ssh']>, lang: Lang): SetupSnippet {
  const home = `~${ssh.user}`;
  return {
    id: `ssh-gate:${job.id}`,
    title: msg('setup-title-ssh-gate', { user: ssh.user, host: ssh.host }),
    for: { kind: 'connection', id: job.id },
    server: ssh.host,
    where: msg('setup-where-gate-file', { file: `${home}/${GATE_FILE}`, host: ssh.host }),
    language: 'shell',
    content: gateScript(render(lang, 'setup-gate-header', {}).message.split('\n')),
    then: [`mkdir -p ${home}/.ssh && chmod 700 ${home}/.ssh`, `chmod 700 ${home}/${GATE_FILE}`],
    notes: [msg('setup-note-gate', {})],
  };
}

function connectionSnippet(job: Job, ssh: NonNullable<Job['ssh']>, publicKey: string | null, lang: Lang): SetupSnippet {
  const key = publicKey ?? (ssh.keyPath ? readPublicKey(ssh.keyPath) : null);
  const gated = needsGate(job);
  const home = `~${ssh.user}`;
  const forRef = { kind: 'connection' as const, id: job.id };
  if (ssh.keyPath === undefined) {
    return {
      id: `ssh-login:${job.id}`,
      title: msg('setup-title-ssh-password', { user: ssh.user, host: ssh.host }),
      for: forRef,
      server: ssh.host,
      where: msg('setup-where-nothing-password', { user: ssh.user }),
      language: 'shell',
      content: `# ${render(lang, 'setup-ssh-password-server', { user: ssh.user }).message}\n`,
      then: [],
      notes: [msg('setup-note-key-safer', {})],
    };
  }
  return {
    id: `ssh-key:${job.id}`,
    title: msg('setup-title-ssh-key-limited', { user: ssh.user, host: ssh.host }),
    for: forRef,
    server: ssh.host,
    where: msg('setup-where-one-key-line', { file: `${home}/.ssh/authorized_keys`, host: ssh.host }),
    language: 'shell',
    content: `${authorizedKeysLine(job, key ?? `<contents of ${ssh.keyPath}.pub>`)}
`,
    then: [`mkdir -p ${home}/.ssh && chmod 700 ${home}/.ssh`, `chmod 600 ${home}/.ssh/authorized_keys`],
    notes: [
      ...(gated ? [msg('setup-note-restrict-gate', { file: GATE_FILE }), msg('setup-note-restore-write~gate', { file: GATE_FILE })] : [msg('setup-note-restrict', {}), msg('setup-note-restore-write', {})]),
      ...(key === null ? [msg('setup-note-pub-unreadable', { path: ssh.keyPath })] : []),
      msg('setup-note-bare-key', {}),
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
  if (!r.ok) throw new KuraError({ code: 'config-invalid~bad-address', params: { problem: nestedMessage(r.problem) }, category: 'config' });
  return r.location;
}

function checkOptions(opts: ServerSetupOptions): void {
  if (opts.allowFrom !== undefined && !/^[A-Za-z0-9.:/_%-]+(?:[ ,]+[A-Za-z0-9.:/_%-]+)*$/.test(opts.allowFrom)) {
    throw new KuraError({ code: 'usage~allow', params: { value: opts.allowFrom }, category: 'config' });
  }
  for (const [what, p] of [['--web-root', opts.webRoot], ['--backup-root', opts.backupRoot], ['--secrets-file', opts.secretsFile]] as const) {
    if (p === undefined) continue;
    checkValue(p);
    if (!p.startsWith('/') || /\s/.test(p)) throw new KuraError({ code: 'usage~server-path', params: { option: what, value: p }, category: 'config' });
  }
  for (const [what, u] of [['--files-owner', opts.filesOwner], ['--backup-owner', opts.backupOwner]] as const) {
    if (u !== undefined && !/^[a-z_][a-z0-9_-]*\$?$/i.test(u)) throw new KuraError({ code: 'usage~server-user', params: { option: what, value: u }, category: 'config' });
  }
}
