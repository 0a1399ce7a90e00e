/**
 * What the UI shows for an engine error (`{ code, message, hint }`) in the UI language.
 *
 * The engine speaks English: its messages carry the facts (which server, which database, the GRANT
 * that fixes it, the config fields that are wrong) and the CLI, logs and run history keep them as
 * they are. In Japanese the UI rebuilds the sentences for the codes an admin meets most from the
 * catalogue (`errors.<code>.<key>` in ja.json), with the facts taken out of the English text by the
 * patterns below, verbatim — a GRANT statement or a field list is never translated.
 *
 * When a pattern does not match (a code not listed here, or an engine sentence worded differently
 * from what the pattern expects) the engine's English is shown unchanged: a correct English sentence
 * is better than a Japanese one with a fact missing. In English the engine's own text is shown; the
 * en catalogue's `{{message}}`/`{{hint}}` entries only make i18next's fallback land on it too.
 */
import i18n from '../i18n/index.js';
import type { ErrorDto, Language } from './contract.js';

export interface ShownError {
  message: string;
  hint: string | null;
  /** The engine's English, when `message`/`hint` are a translation of it (offered as "original text"). */
  original: { message: string; hint: string | null } | null;
}

interface Pattern {
  /** Matched against the whole message; named groups become catalogue parameters. */
  re: RegExp;
  /** When set, the engine's hint must match too (its groups are parameters as well). */
  hintRe?: RegExp;
  /** Catalogue keys under `errors.<code>.`; default `message` and `hint`. */
  message?: string;
  hint?: string;
}

/**
 * Per code, the engine's sentences (see the `code: '…'` sites in electron/engine). A `line` group
 * becomes the `at` parameter ("at line N of the dump", localized); groups that did not take part in
 * the match are empty strings.
 */
const patterns: Readonly<Record<string, readonly Pattern[]>> = {
  // ---- authentication
  'rsync-auth-failed': [
    {
      re: /^Authentication failed at the rsync server (?<where>.+): it did not accept the user name or password\.$/,
      hintRe: /"(?<user>.+?):password"/,
    },
  ],
  'ssh-auth-failed': [{ re: /^The SSH server (?<where>.+) did not accept the key\.$/ }],
  'mysql-auth-failed': [
    { re: /^The database server at (?<where>.+) refused user "(?<user>.+)": no password was given and the account needs one\.$/, message: 'messageNoPassword' },
    { re: /^The database server at (?<where>.+) refused the user name or password for "(?<user>.+)"\.$/ },
  ],
  'redis-auth-failed': [{ re: /^Redis at (?<where>.+) refused the user name or password\.$/ }],
  'redis-auth-required': [{ re: /^Redis at (?<where>.+) requires a password and none was given\.$/ }],

  // ---- connection
  'rsync-connect-failed': [{ re: /^Nothing answered at (?<where>.+): the connection was refused\.$/ }],
  'rsync-host-unknown': [{ re: /^The server name in (?<where>.+) could not be found\.$/ }],
  'ssh-host-unknown': [{ re: /^The server name in (?<where>.+) could not be found\.$/ }],
  'ssh-connect-failed': [{ re: /^Could not connect to the SSH server (?<where>.+)\.$/ }],
  'rsync-timeout': [
    { re: /^The connection to (?<where>.+) timed out\.$/ },
    { re: /^(?<where>.+) stopped sending data for too long\.$/, message: 'messageStalled', hint: 'hintStalled' },
  ],
  'rsync-connection-lost': [
    { re: /^The connection to (?<where>.+) broke off during the transfer\.$/ },
    { re: /^The connection to (?<where>.+?) failed: (?<reason>[\s\S]*)$/, message: 'messageFailed', hint: 'hintFailed' },
  ],
  'mysql-connect-failed': [{ re: /^Could not connect to the database server at (?<where>.+): nothing answered, or the connection was refused\.$/ }],
  'mysql-unknown-host': [{ re: /^The database server name "(?<host>.+)" could not be found \(DNS lookup failed\)\.$/ }],
  'mysql-connection-lost': [
    { re: /^The connection to the database server at (?<where>.+) was lost while (?<tool>.+) was running\.$/ },
    {
      re: /^The connection to the database server at (?<where>\S+) was lost during the import(?: at line (?<line>\d+) of the dump)?\. The database "(?<database>.+)" is only partly restored\.$/,
      message: 'messageImport',
      hint: 'hintImport',
    },
  ],
  'redis-connection-refused': [{ re: /^Nothing accepted the connection at (?<where>.+): Redis is not running there or listens on another port\.$/ }],
  'redis-host-not-found': [{ re: /^The host name "(?<host>.+)" could not be found\.$/ }],
  'redis-timeout': [{ re: /^Redis at (?<where>.+) did not answer in time \((?<during>.+)\)\.$/ }],
  'redis-unreachable': [{ re: /^The network has no route to (?<where>.+)\.$/ }],
  'redis-connection-lost': [{ re: /^The connection to Redis at (?<where>.+) was lost \((?<during>.+)\)\.$/ }],

  // ---- unknown module / database, privileges
  'rsync-unknown-module': [{ re: /^The rsync server (?<where>.+) has no module called "(?<module>.*)"\.$/ }],
  'rsync-module-read-only': [{ re: /^The rsync module (?<where>.+) is read-only, so Kura cannot write to it\.$/ }],
  'mysql-unknown-database': [
    { re: /^The database "(?<database>.+)" does not exist on the server at (?<where>.+)\.$/ },
    { re: /^The database does not exist on the server at (?<where>.+)\.$/, message: 'messageNoName' },
  ],
  'mysql-database-denied': [
    {
      re: /^User "(?<user>.+)" may not open the database "(?<database>.+)" on (?<where>.+): it does not exist, or the user has no rights on it\.$/,
      hintRe: /administrator: (?<grant>GRANT [\s\S]+)$/,
    },
    { re: /^User "(?<user>.+)" may not open the database on (?<where>.+): it does not exist, or the user has no rights on it\.$/, message: 'messageNoName', hint: 'hintNoName' },
  ],
  'mysql-privilege-missing': [{ re: /^The backup user lacks the (?<privilege>.+?) privilege: (?<grant>GRANT [\s\S]+)$/ }],
  'mysql-definer-denied': [
    {
      re: /^The dump creates views, routines, triggers or events owned by another database account \(a DEFINER clause\)(?: at line (?<line>\d+) of the dump)?, and user "(?<user>.+)" may not do that: it needs the SUPER or SET USER privilege\.$/,
      hintRe: /^Kura already removed the DEFINER clauses/,
      hint: 'hintStripped',
    },
    {
      re: /^The dump creates views, routines, triggers or events owned by another database account \(a DEFINER clause\)(?: at line (?<line>\d+) of the dump)?, and user "(?<user>.+)" may not do that: it needs the SUPER or SET USER privilege\.$/,
    },
  ],
  'mysql-unknown-collation': [
    {
      re: /^The dump was made on a MySQL 8 server and uses its collation "(?<collation>[^"]+)", which this MariaDB server does not have(?: \(line (?<line>\d+) of the dump\))?\. Nothing after that point was imported\.$/,
      hintRe: /with "(?<alt>[^"]+)" everywhere in the SQL \(for example: (?<command>.+)\), or re-dump/,
      message: 'messageMysql8',
      hint: 'hintMysql8',
    },
    { re: /^The dump uses the collation "(?<collation>[^"]+)", which this server does not know(?: \(line (?<line>\d+) of the dump\))?\. Nothing after that point was imported\.$/ },
  ],

  // ---- disk, keychain, jobs, snapshots
  'disk-full': [
    { re: /^The backup folder ran out of disk space\.$/ },
    { re: /^The backup folder ran out of disk space while copying (?<where>.+)\.$/, message: 'messageCopying' },
    { re: /^The target ran out of disk space while copying (?<where>.+)\.$/, message: 'messageTarget' },
  ],
  'destination-unavailable': [{ re: /^The backup folder (?<path>.+?) cannot be used: (?<reason>[\s\S]+)$/ }],
  'secret-missing': [
    { re: /^No password is stored in the keychain under "(?<ref>.+)"\.$/, hintRe: /^Enter it in the job's settings/ },
    { re: /^No password is stored in the keychain under "(?<ref>.+)"\.$/, hint: 'hintStore' },
  ],
  'keychain-unavailable': [
    { re: /^Reading "(?<ref>.+?)" from the keychain failed: (?<reason>[\s\S]+)$/, message: 'messageRead' },
    { re: /^Saving "(?<ref>.+?)" in the keychain failed: (?<reason>[\s\S]+)$/, message: 'messageSave' },
    { re: /^Deleting "(?<ref>.+?)" from the keychain failed: (?<reason>[\s\S]+)$/, message: 'messageDelete' },
  ],
  'job-locked': [
    { re: /^Job "(?<job>.+)" is already running \(process (?<pid>\d+), started (?<startedAt>.+)\)\.$/ },
    { re: /^Could not take the lock for job "(?<job>.+)"\.$/, message: 'messageNoLock' },
  ],
  'snapshot-damaged': [
    {
      re: /^Snapshot (?<snapshot>\S+) is damaged and was not restored: (?<problem>[\s\S]+)\. Nothing was changed\.$/,
      hintRe: /^The previous snapshot (?<previous>\S+) checks out/,
    },
    { re: /^Snapshot (?<snapshot>\S+) is damaged and was not restored: (?<problem>[\s\S]+)\. Nothing was changed\.$/, hint: 'hintNoneGood' },
  ],
  'restore-verify-failed': [
    { re: /^The restore finished but does not match the snapshot: (?<differences>[\s\S]+)\.$/ },
    { re: /^The restore finished but could not be verified against the snapshot\.$/, message: 'messageUnverified' },
    { re: /^The restored files do not match the snapshot: (?<differences>[\s\S]+)\.$/, message: 'messageFiles', hint: 'hintFiles' },
  ],
  interrupted: [{ re: /^The run was interrupted \(Kura was closed, the PC shut down or the process was killed\)\. Nothing from it was kept\.$/ }],
  cancelled: [
    { re: /^The run was cancelled\.$/ },
    { re: /^The restore was cancelled\.$/, message: 'messageRestore' },
    { re: /^Kura is shutting down\.$/, message: 'messageShutdown' },
  ],

  // ---- configuration and tools
  'config-invalid': [
    { re: /^(?<origin>.+?) is not valid JSON: (?<reason>[\s\S]+)$/, message: 'messageJson', hint: 'hintJson' },
    { re: /^(?<origin>.+?) is not valid:\n(?<fields>[\s\S]+)$/ },
    { re: /^Source "(?<source>.+?)": "(?<address>.+)" (?<reason>.+)\.$/, message: 'messageAddress' },
  ],
  'tool-missing': [
    { re: /^The program "(?<program>.+)" was not found\.$/ },
    { re: /^Could not start "(?<program>.+?)": (?<reason>[\s\S]+)$/, message: 'messageNotStarted' },
    { re: /^Kura could not find mysqldump \(or mariadb-dump\), which it needs to back up databases\.$/, message: 'messageMysqldump', hint: 'hintMysql' },
    { re: /^Kura found (?<dump>.+) but not the "(?<client>.+)" program that belongs with it\.$/, message: 'messageMysqlClient', hint: 'hintMysql' },
  ],
};

/** The codes with a translation (for tests and for anyone adding one). */
export const translatedCodes: readonly string[] = Object.keys(patterns);

export function errorText(error: ErrorDto, lang: Language): ShownError {
  const engine: ShownError = { message: error.message, hint: error.hint, original: null };
  if (lang === 'en') return engine;
  const list = patterns[error.code];
  if (!list) return engine;
  for (const p of list) {
    const m = p.re.exec(error.message);
    if (!m) continue;
    const h = p.hintRe ? (error.hint === null ? null : p.hintRe.exec(error.hint)) : undefined;
    if (h === null) continue;
    const groups = { ...m.groups, ...h?.groups };
    const params: Record<string, string> = { message: error.message, hint: error.hint ?? '' };
    for (const [k, v] of Object.entries(groups)) params[k] = v ?? '';
    params['at'] = params['line'] ? i18n.t('errors.common.atLine', { lng: lang, line: params['line'] }) : '';
    const base = `errors.${error.code}.`;
    const messageKey = base + (p.message ?? 'message');
    const hintKey = base + (p.hint ?? 'hint');
    if (!i18n.exists(messageKey, { lng: lang }) || (error.hint !== null && !i18n.exists(hintKey, { lng: lang }))) return engine;
    return {
      message: i18n.t(messageKey, { lng: lang, ...params }),
      // A hint is translated only where the engine gave one: the catalogue never adds advice the engine did not.
      hint: error.hint === null ? null : i18n.t(hintKey, { lng: lang, ...params }),
      original: { message: error.message, hint: error.hint },
    };
  }
  return engine;
}
