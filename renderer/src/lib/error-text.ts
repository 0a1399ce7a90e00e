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
import { renderable, renderLoose } from '../../../electron/shared/messages/render.js';
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
 * What a live Redis restore names when the server refuses something (live-restore.ts `what`): a key
 * in a database, a function library or a database. One pattern per form; its message key is the
 * given one plus `Key`, `Function` or `Db`. `WHAT` in the source marks where the form goes.
 */
const redisWhat: readonly (readonly [suffix: string, source: string])[] = [
  ['Key', String.raw`the key (?<key>".*") in database (?<db>\d+)`],
  ['Function', 'a function library'],
  ['Db', String.raw`database (?<db>\d+)`],
];
function perRedisWhat(source: string, message: string, hint?: string): Pattern[] {
  return redisWhat.map(([suffix, what]) => ({ re: new RegExp(source.replace('WHAT', what)), message: message + suffix, ...(hint ? { hint } : {}) }));
}

/**
 * Each pattern twice: first for the engine's other hint (`hintRe`, shown as catalogue key `hint`) —
 * e.g. the restore-time advice of an error that backups and restores share — then as given.
 */
function withHintVariant(list: readonly Pattern[], hintRe: RegExp, hint: string): Pattern[] {
  return list.flatMap((p) => [{ ...p, hintRe, hint }, p]);
}

/** redis-errors.ts `unavailableHint`: which backup method a forbidden command breaks decides the hint. */
function perUnavailableHint(re: RegExp): Pattern[] {
  return [
    { re, hintRe: /^Managed Redis services usually forbid replication\./, hint: 'hintSync' },
    { re, hintRe: /^Switch this source to the "sync" method/, hint: 'hintFile' },
    { re, hintRe: /^Check the permissions of the Redis user Kura logs in as\.$/ },
  ];
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
  'tool-unusable': [{ re: /^(?<path>.+) did not report a MySQL or MariaDB version, so Kura cannot tell which options it accepts\.$/ }],

  // ---- Redis: backup (BGSAVE + dump.rdb) and what the server refuses
  'redis-bgsave-failed': [{ re: /^Redis at (?<where>\S+) could not write its snapshot \((?<status>rdb_last_bgsave_status:\S*)\)\.$/ }],
  'redis-bgsave-timeout': [{ re: /^Redis at (?<where>\S+) did not finish writing its snapshot in time\.$/ }],
  'redis-rdb-path-unknown': [{ re: /^Redis did not say where it writes its snapshot \((?<command>CONFIG GET \S+)\)\.$/ }],
  'redis-rdb-stale': [{ re: /^The file (?<path>.+) is older than the snapshot Redis just wrote: it is not this server's current RDB file\.$/ }],
  'redis-rdb-not-found': [{ re: /^Redis at (?<where>\S+) saved its snapshot to (?<path>.+), but that file is not on this computer\.$/ }],
  'redis-rdb-unreadable': [
    { re: /^Kura may not read (?<path>.+) \(it belongs to the Redis service\)\.$/, hintRe: /\(for example add it to the "(?<group>[^"]+)" group\)/ },
    { re: /^Could not read (?<path>.+?): (?<reason>[\s\S]+)$/, message: 'messageRead' },
  ],
  'rdb-invalid': [
    { re: /^The Redis snapshot is not valid: (?<problem>[\s\S]+)\.$/, hintRe: /^Fetch the snapshot again; if this keeps happening/ },
    { re: /^The Redis snapshot is not valid: (?<problem>[\s\S]+)\.$/, hintRe: /^The transfer or copy was cut short\./, hint: 'hintTruncated' },
    { re: /^The Redis snapshot is not valid: (?<problem>[\s\S]+)\.$/, hintRe: /^Upgrade that Redis to a released 7\.x version/, hint: 'hintPrerelease' },
  ],
  'redis-auth-not-configured': [{ re: /^A password is saved for this source, but Redis at (?<where>\S+) does not use one\.$/ }],
  'redis-protected-mode': [{ re: /^Redis at (?<where>\S+) is in protected mode and only accepts connections from its own machine\.$/ }],
  'redis-busy': [{ re: /^Redis at (?<where>\S+) cannot serve (?<command>\S+) right now \((?<reply>[\s\S]*)\)\.$/ }],
  'redis-permission-denied': perUnavailableHint(/^The Redis user is not allowed to run (?<command>\S+) on (?<where>\S+)\.$/),
  'redis-command-unavailable': perUnavailableHint(
    /^Redis at (?<where>\S+) does not offer (?<command>\S+) \(it is disabled or renamed, as managed Redis services do\)\.$/,
  ),

  // ---- Redis: restore (preflight, live restore, file restore)
  'redis-target-too-old': [
    {
      re: /^The backup was written by a newer Redis \(RDB format (?<rdbVersion>\d+), Redis (?<release>\S+) or newer\) than Redis (?<version>\S+) at (?<where>\S+) can read\.$/,
      hintRe: /^Upgrade the target server to Redis (?<upgradeTo>\S+) or newer \(or restore into one\), then restore again\.$/,
    },
  ],
  'redis-target-is-replica': [
    { re: /^Redis at (?<where>\S+) is a read-only replica: a restore must go to the primary server\.$/ },
    { re: /^Redis at (?<where>\S+) became a read-only replica during the restore\.$/, message: 'messageDuring', hint: 'hintDuring' },
  ],
  'redis-snapshot-mismatch': [{ re: /^The RDB file does not match its snapshot's manifest \((?<differences>[\s\S]+)\); nothing was changed on the server\.$/ }],
  'redis-restore-rejected': [
    ...perRedisWhat(String.raw`^Redis at (?<where>\S+) rejected WHAT: (?<reply>[\s\S]+)\.$`, 'message'),
    ...perRedisWhat(String.raw`^Redis at (?<where>\S+) could not read WHAT from the backup \((?<reply>[\s\S]+)\)\.$`, 'messageRead', 'hintRead'),
  ],
  'redis-out-of-memory': perRedisWhat(String.raw`^Redis at (?<where>\S+) ran out of memory \(maxmemory\) while restoring WHAT\.$`, 'message'),
  'redis-restore-verify-failed': [{ re: /^The restore finished, but the server does not match the backup: (?<differences>[\s\S]+)\.$/ }],
  'redis-config-unavailable': [{ re: /^Redis at (?<where>\S+) did not say where it keeps its data \((?<detail>CONFIG GET [\s\S]+)\)\.$/ }],
  'redis-data-dir-unreachable': [
    { re: /^Redis at (?<where>\S+) keeps its data in (?<dir>.+), which is not on this computer\.$/ },
    { re: /^Kura may not write to (?<dir>.+), where Redis at (?<where>\S+) keeps its data\.$/, message: 'messageDenied', hint: 'hintDenied' },
  ],
  'redis-no-config-file': [
    { re: /^Redis at (?<where>\S+) uses an append-only file but was started without a config file, so Kura cannot switch AOF off for the restart\.$/ },
  ],
  'redis-service-unknown': [
    { re: /^A file restore has to stop and start Redis, but no Windows service named "(?<first>[^"]+)" or "(?<second>[^"]+)" was found\.$/, message: 'messageWindows' },
    { re: /^A file restore has to stop and start Redis, but no systemd unit "(?<first>[^"]+)" or "(?<second>[^"]+)" was found\.$/, message: 'messageSystemd' },
    { re: /^A file restore has to stop and start Redis, but Kura does not know how Redis is run as a service on (?<platform>\S+)\.$/, message: 'messagePlatform' },
    { re: /^A file restore has to stop and start Redis, but the (?:configured stop or start|stop|start) command is empty\.$/, message: 'messageEmpty' },
    { re: /^A file restore has to stop and start Redis, but (?<why>[\s\S]+)\.$/ },
  ].map((p) => ({ ...p, hintRe: /^Set the commands on this Redis source \((?<config>.+), e\.g\. (?<example>.+)\), or use the live restore, which needs no restart\.$/ })),
  'redis-did-not-stop': [{ re: /^Redis at (?<where>\S+) was asked to stop but is still running after (?<seconds>\d+) s\.$/ }],
  'redis-did-not-start': [{ re: /^Redis at (?<where>\S+) did not come back within (?<seconds>\d+) s after the restore \((?<reason>[\s\S]*)\)\.$/ }],
  'redis-aof-rewrite-failed': [
    { re: /^Redis restored the data but could not write its new append-only file \((?<status>aof_last_bgrewrite_status:\S*)\)\.$/ },
  ],
  'redis-aof-rewrite-timeout': [{ re: /^Redis restored the data but is still writing its new append-only file\.$/ }],

  // ---- rsync and SSH
  'rsync-missing': [
    { re: /^rsync was not found on this computer\.$/, hintRe: /^Kura ships cwRsync; reinstall Kura, or install cwRsync/, hint: 'hintWindows' },
    { re: /^rsync was not found on this computer\.$/, hintRe: /^Install rsync with "(?<command>[^"]+)", or set its path in Settings\.$/, hint: 'hintMac' },
    { re: /^rsync was not found on this computer\.$/, hintRe: /^Install rsync with your package manager \(for example "(?<command>[^"]+)"\)/ },
  ],
  'rsync-unusable': [{ re: /^The program at (?<path>.+) did not answer "rsync --version" like rsync does\.$/ }],
  'rsync-too-old': [
    {
      re: /^The rsync at (?<path>.+) is version (?<version>\S+); Kura needs (?<minimum>\S+) or newer\.$/,
      hintRe: /^macOS ships an old rsync \(or openrsync\)\. Install a current one with "(?<command>[^"]+)"/,
      hint: 'hintMac',
    },
    { re: /^The rsync at (?<path>.+) is version (?<version>\S+); Kura needs (?<minimum>\S+) or newer\.$/, hintRe: /^Install a current rsync/ },
  ],
  'rsync-killed': withHintVariant(
    [{ re: /^rsync was stopped by (?<signal>SIG[A-Z0-9]+) before it finished\.$/ }, { re: /^rsync was stopped by a signal before it finished\.$/, message: 'messageNoSignal' }],
    /Start the restore again\.$/,
    'hintRestore',
  ),
  'rsync-access-denied': [{ re: /^The rsync server (?<where>.+) does not allow connections from this computer\.$/ }],
  'rsync-server-busy': [{ re: /^The rsync server (?<where>.+) is busy \(its connection limit is reached\)\.$/ }],
  'rsync-module-unavailable': [{ re: /^The rsync server (?<where>.+) could not open the folder of module "(?<module>.*)"\.$/ }],
  'rsync-server-refused': [{ re: /^The rsync server (?<where>.+?) refused the request: (?<reason>[\s\S]*)$/ }],
  'rsync-option-refused': [{ re: /^The rsync server (?<where>.+) refuses the option (?<option>\S+) that Kura needs\.$/ }],
  'rsync-source-missing': [
    { re: /^The folder (?<where>.+) does not exist\.$/ },
    { re: /^The snapshot folder "(?<folder>.+)" does not exist\.$/, message: 'messageSnapshot', hint: 'hintSnapshot' },
  ],
  'rsync-source-unreadable': [
    { re: /^The folder (?<where>.+?) could not be opened: (?<reason>[\s\S]+)\.$/ },
    { re: /^The snapshot folder "(?<folder>.+?)" could not be opened: (?<reason>[\s\S]+)\.$/, message: 'messageSnapshot', hint: 'hintSnapshot' },
  ],
  'rsync-handshake-failed': [{ re: /^The rsync server (?<where>.+) ended the connection during the handshake\.$/ }],
  'rsync-protocol': [{ re: /^This computer's rsync and the one at (?<where>.+) cannot talk to each other \(incompatible versions\)\.$/ }],
  'rsync-file-select': [{ re: /^rsync could not use the folders given for (?<where>.+?): (?<reason>[\s\S]*)$/ }],
  'rsync-unsupported': [{ re: /^The rsync at (?<where>.+?) does not support what Kura asked for: (?<reason>[\s\S]*)$/ }],
  'rsync-file-io': [{ re: /^Reading or writing files failed while copying (?<where>.+?): (?<reason>[\s\S]*)$/ }],
  'rsync-out-of-memory': [{ re: /^rsync ran out of memory while copying (?<where>.+)\.$/ }],
  'rsync-failed': [
    { re: /^rsync failed \(exit code (?<exitCode>-?\d+)\) while copying (?<where>.+?): no message$/, message: 'messageNoOutput' },
    { re: /^rsync failed \(exit code (?<exitCode>-?\d+)\) while copying (?<where>.+?): (?<output>[\s\S]+)$/ },
  ],
  'ssh-host-key-changed': [{ re: /^The SSH server (?<where>.+) presented a different host key than the one remembered\.$/ }],
  'ssh-key-unusable': [{ re: /^The SSH key file for (?<where>.+) cannot be used\.$/ }],
  'ssh-remote-rsync-missing': [{ re: /^rsync is not installed on the server (?<where>.+) \(or not on its PATH\)\.$/ }],
  'ssh-missing': [
    { re: /^The ssh program could not be started\.$/ },
    { re: /^ssh was not found on this computer, and (?<host>.+) is an SSH address\.$/, hintRe: /^Reinstall Kura \(it ships ssh\.exe with cwRsync\)/, message: 'messageNotFound', hint: 'hintCwrsync' },
    { re: /^ssh was not found on this computer, and (?<host>.+) is an SSH address\.$/, hintRe: /^Install the OpenSSH client/, message: 'messageNotFound', hint: 'hintInstall' },
  ],

  // ---- MySQL dumps and imports
  'mysql-host-not-allowed': [
    {
      re: /^The database server at (?<where>.+) does not let user "(?<user>.+)" connect from this computer\.$/,
      hintRe: /, e\.g\. (?<statement>CREATE USER [\s\S]+;) then grant it the backup privileges\.$/,
    },
  ],
  'mysql-dump-incomplete': [
    { re: /^(?<tool>\S+) exited normally but the dump of "(?<database>.+)" does not end with its "-- Dump completed" line, so it may be cut short\.$/ },
  ],
  'mysql-tool-killed': withHintVariant(
    [
      { re: /^(?<tool>\S+) was stopped by (?<signal>SIG[A-Z0-9]+) before it finished: (?<output>[\s\S]+)$/ },
      { re: /^(?<tool>\S+) was stopped by (?<signal>SIG[A-Z0-9]+) before it finished\.$/, message: 'messageNoOutput' },
    ],
    /Try again\.$/,
    'hintAgain',
  ),
  'mysql-tool-failed': [
    { re: /^(?<tool>\S+) failed \(exit code (?<exitCode>-?\d+)\): (?<output>[\s\S]+)$/ },
    { re: /^(?<tool>\S+) failed \(exit code (?<exitCode>-?\d+)\) without saying why\.$/, message: 'messageNoOutput' },
  ],
  'mysql-dump-syntax': [{ re: /^The dump contains SQL this server cannot read(?: at line (?<line>\d+) of the dump)?: (?<reason>[\s\S]*)$/ }],
  'mysql-import-failed': [{ re: /^The server rejected a statement(?: at line (?<line>\d+) of the dump)?: (?<reason>[\s\S]*)$/ }],
  'mysql-restore-denied': [
    {
      re: /^User "(?<user>.+?)" may not write everything the dump contains into "(?<database>.+?)"(?: at line (?<line>\d+) of the dump)?: (?<reason>[\s\S]*)$/,
      hintRe: /administrator: (?<grant>GRANT [\s\S]+)$/,
    },
  ],
  'mysql-unknown-charset': [
    { re: /^The dump uses the character set "(?<charset>[^"]+)", which this server does not know(?: at line (?<line>\d+) of the dump)?\.$/ },
  ],
  'mysql-definer-missing': [
    {
      re: /^The dump refers to the database account (?<account>'.+), which does not exist on this server(?: at line (?<line>\d+) of the dump)?\.$/,
      hintRe: /^Restore again with --strip-definers so the restoring user owns the objects, or create that account first \(CREATE USER /,
    },
  ],
  'dump-invalid': [
    { re: /^The database dump (?<path>.+?) is not usable: (?<problem>[\s\S]+)\.$/ },
    { re: /^The import stopped because the dump (?<path>.+?) is not usable: (?<problem>[\s\S]+)\.$/, message: 'messageImport', hint: 'hintImport' },
  ],
  'invalid-database-name': [
    { re: /^The database name "" is empty, so it cannot be a MySQL database\.$/, message: 'messageEmpty' },
    { re: /^The database name "(?<name>.*)" is longer than (?<max>\d+) characters, so it cannot be a MySQL database\.$/, message: 'messageTooLong' },
    { re: /^The database name "(?<name>.*)" contains a control character, so it cannot be a MySQL database\.$/, message: 'messageControl' },
    { re: /^The database name "(?<name>.*)" contains "\/", "\\" or "\.", so it cannot be a MySQL database\.$/, message: 'messageCharacters' },
  ],

  // ---- runs, snapshots, folders
  'already-running': [{ re: /^A backup of "(?<job>.+)" is already running\.$/ }],
  'snapshot-not-found': [
    { re: /^Job "(?<job>.+)" has no complete snapshot yet\.$/, hintRe: /^Run a backup first \(“Back up now” in Kura, or: (?<command>.+)\)\.$/, message: 'messageNone', hint: 'hintNone' },
    { re: /^Job "(?<job>.+)" has no snapshot "(?<snapshot>.*)"\.$/, hintRe: /^Available: (?<available>.*) \(or "latest"\)\.$/ },
    { re: /^There is no complete snapshot "(?<snapshot>.*)" holding source "(?<source>.+)"\.$/, hintRe: /^Available: (?<available>.*) \(or "latest"\)\.$/, message: 'messageSource' },
  ],
  'snapshot-exists': [{ re: /^A snapshot (?<snapshot>\S+) already exists\.$/ }],
  'source-not-found': [{ re: /^Job "(?<job>.+)" no longer has the MySQL source "(?<source>.+)" to test-restore into\.$/ }],
  'path-not-in-snapshot': [{ re: /^"(?<path>.+)" is not in this snapshot of (?<source>.+)\.$/ }],
  'permission-denied': [
    { re: /^Permission denied: (?<path>[\s\S]+)$/ },
    { re: /^rsync was not allowed to write a file while copying (?<where>.+)\.$/, message: 'messageRsync' },
  ],
  'folder-unreadable': [
    { re: /^Cannot read the backup folder (?<folder>.+?): (?<reason>[\s\S]+)$/ },
    { re: /^Kura cannot read (?<folder>.+?): (?<reason>[\s\S]+)$/, message: 'messageKura', hint: 'hintKura' },
  ],
  'offsite-not-mounted': [
    { re: /^The off-site folder (?<path>.+) is not available \(the disk is not connected or the network share is not mounted\), so the copy was skipped\.$/ },
  ],
  'offsite-snapshot-incomplete': [
    { re: /^The snapshot (?<snapshot>\S+) at (?<address>.+) has no valid manifest any more \(it may have been removed while it was fetched\)\.$/ },
  ],
  'offsite-snapshot-damaged': [{ re: /^The copy of snapshot (?<snapshot>\S+) at (?<address>.+?) does not match its manifest: (?<problems>[\s\S]+)\.$/ }],
};

/** The codes with a translation (for tests and for anyone adding one). */
export const translatedCodes: readonly string[] = Object.keys(patterns);

export function errorText(error: ErrorDto, lang: Language): ShownError {
  // A catalogued message is rendered from its code and facts, in the UI's language.
  if (renderable(error.code, error.params)) {
    const r = renderLoose(lang, error.code, error.params);
    return { message: r.message, hint: r.hint, original: null };
  }
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
