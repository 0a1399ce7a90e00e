/**
 * Turns a failed mysqldump/mysql run (exit code + stderr) into a KuraError an admin can act on.
 *
 * The patterns below are the texts the real clients print; they were provoked against MariaDB 10.11
 * with restricted users (see test/integration/mysql). Examples:
 *   mariadb-dump: Got error: 1045: "Access denied for user 'u'@'127.0.0.1' (using password: YES)" when trying to connect
 *   ERROR 1045 (28000): Access denied for user 'u'@'127.0.0.1' (using password: YES)
 *   mariadb-dump: Couldn't execute 'show create table `v`': SHOW VIEW command denied to user 'u'@'127.0.0.1' for table `db`.`v` (1142)
 *   mariadb-dump: Couldn't execute 'show events': Access denied for user 'u'@'%' to database 'db' (1044)
 *   mariadb-dump: Got error: 1044: "Access denied for user 'u'@'%' to database 'db'" when selecting the database
 *   mariadb-dump: Got error: 2002: "Can't connect to server on '127.0.0.1' (115)" when trying to connect
 *   mariadb-dump: Got error: 2005: "Unknown server host 'x.invalid' (-2)" when trying to connect
 *   mariadb-dump: Got error: 2002: "Received error packet before completion of TLS handshake. ... 1130 - Host '127.0.0.1' is not allowed to connect to this MariaDB server" when trying to connect
 * and from MySQL's mysqldump (documented texts, same server error numbers):
 *   mysqldump: Got error: 1044: Access denied for user 'u'@'%' to database 'db' when using LOCK TABLES
 *   mysqldump: Error: 'Access denied; you need (at least one of) the PROCESS privilege(s) for this operation' when trying to dump tablespaces
 *   mysqldump: Got error: 2003: Can't connect to MySQL server on 'h:3306' (111) when trying to connect
 *   mysqldump: Error 2013: Lost connection to MySQL server during query when dumping table `t` at row: 1234
 * Packet limits (a row or statement bigger than max_allowed_packet). MariaDB's client drops the
 * connection and says only "Error 2013: Lost connection to server during query when dumping table `b`
 * at row: 0" (provoked: a 24 MB row with the client's default 16 MB) or, importing, "ERROR 2006 (HY000) at
 * line 39: Server has gone away" (a 40 MB statement into a server with 16 MB; the server's log says "Got
 * a packet bigger than 'max_allowed_packet' bytes") — indistinguishable from a network drop by the text,
 * which is why dumps run with the 1 GB client limit and restores compare the dump's largest statement
 * with the server's limit before starting. MySQL's client and server name it:
 *   mysqldump: Error 2020: Got packet bigger than 'max_allowed_packet' bytes when dumping table `t` at row: 1
 *   ERROR 1153 (08S01) at line 39: Got a packet bigger than 'max_allowed_packet' bytes
 *   ERROR 1301 (HY000): Result of repeat() was larger than max_allowed_packet (16777216) - truncated
 *
 * Privilege failures name the exact GRANT that fixes them. Anything unrecognised keeps the tool's own
 * last stderr lines in the message: a vague "it failed" is worse than the tool's words.
 */
import { KuraError } from '../../errors.js';
import { formatBytes } from '../../util/format-bytes.js';
import { packetSetting } from './dump-warnings.js';
import { type MysqlAccount, grantStatement, scopeFor } from './grants.js';
import type { MysqlTarget } from './types.js';

export interface MysqlFailure {
  /** The program's display name, e.g. "mysqldump" or "mariadb". */
  tool: string;
  exitCode: number | null;
  signal: string | null;
  /** Already redacted. */
  stderr: string;
  target: MysqlTarget;
  database?: string;
  /** The account the server matched (CURRENT_USER()), when known: GRANTs must name it, not the client's IP. */
  account?: MysqlAccount;
}

/** "host:port" for messages, or how an SSH-forwarded server is named ("127.0.0.1:3306 on web.example.jp (through SSH)"). */
export function mysqlWhere(target: Pick<MysqlTarget, 'host' | 'port' | 'shownAs'>): string {
  return target.shownAs ?? `${target.host}:${target.port}`;
}

export function mysqlFailureToError(f: MysqlFailure): KuraError {
  const text = f.stderr;
  const where = mysqlWhere(f.target);
  const account = f.account ?? { user: f.target.user, host: '%' };
  const db = f.database;
  const detail = `${f.tool} exit ${f.exitCode ?? f.signal}\n${text}`;
  const codes = serverErrorCodes(text);
  const has = (...nums: number[]) => nums.some((n) => codes.has(n));

  const privilege = missingPrivilege(text);
  if (privilege && db !== undefined) return privilegeMissingError(privilege, db, account, detail);

  if (has(1045) || /Access denied for user .*\(using password: (YES|NO)\)/.test(text)) {
    const noPassword = /using password: NO/.test(text);
    return new KuraError({
      code: 'mysql-auth-failed',
      category: 'auth',
      message: noPassword
        ? `The database server at ${where} refused user "${f.target.user}": no password was given and the account needs one.`
        : `The database server at ${where} refused the user name or password for "${f.target.user}".`,
      hint: 'Check the user name and password in the job settings (they are case-sensitive), and that this user exists on that server.',
      detail,
    });
  }
  if (has(1130) || /is not allowed to connect to this (MySQL|MariaDB) server/.test(text)) {
    return new KuraError({
      code: 'mysql-host-not-allowed',
      category: 'auth',
      message: `The database server at ${where} does not let user "${f.target.user}" connect from this computer.`,
      hint: `Allow this computer's address for the user on the server, e.g. CREATE USER ${quote(f.target.user)}@'%' IDENTIFIED BY '…'; then grant it the backup privileges.`,
      detail,
    });
  }
  if (has(1049) || /Unknown database/i.test(text)) {
    return new KuraError({
      code: 'mysql-unknown-database',
      category: 'config',
      message: `The database ${db === undefined ? '' : `"${db}" `}does not exist on the server at ${where}.`,
      hint: 'Check the database name in the job settings (names are case-sensitive on Linux servers).',
      detail,
    });
  }
  if (has(1044) || /Access denied for user .* to database/.test(text)) {
    return new KuraError({
      code: 'mysql-database-denied',
      category: 'config',
      message: `User "${f.target.user}" may not open the database ${db === undefined ? '' : `"${db}" `}on ${where}: it does not exist, or the user has no rights on it.`,
      hint:
        db === undefined
          ? 'Check the database name and the user’s privileges.'
          : `Check the database name. If it is right, run as an administrator: ${grantStatement('SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES', { kind: 'database', database: db }, account)}`,
      detail,
    });
  }
  if (has(2005) || /Unknown (MySQL |MariaDB )?server host/i.test(text)) {
    return new KuraError({
      code: 'mysql-unknown-host',
      category: 'network',
      message: `The database server name "${f.target.host}" could not be found (DNS lookup failed).`,
      hint: 'Check the host name in the job settings and this computer’s internet connection.',
      detail,
    });
  }
  if (has(2002, 2003) || /Can't connect to/i.test(text)) {
    return new KuraError({
      code: 'mysql-connect-failed',
      category: 'network',
      message: `Could not connect to the database server at ${where}: nothing answered, or the connection was refused.`,
      hint: 'Check that the server is running, the host and port are right, and no firewall blocks the port.',
      detail,
    });
  }
  if (has(2020, 1153, 1301) || /bigger than 'max_allowed_packet'|larger than max_allowed_packet/i.test(text)) {
    return packetTooLargeError(f.tool, where, null, null, detail);
  }
  if (has(2013, 2006) || /Lost connection to|server has gone away/i.test(text)) {
    return new KuraError({
      code: 'mysql-connection-lost',
      category: 'network',
      message: `The connection to the database server at ${where} was lost while ${f.tool} was running.`,
      hint: 'This is often a network drop or a server restart; the next run retries. If it keeps happening, check the server’s max_allowed_packet and timeouts.',
      detail,
    });
  }

  const tail = lastLines(text, 3);
  if (f.exitCode === null) {
    return new KuraError({
      code: 'mysql-tool-killed',
      category: 'resource',
      message: `${f.tool} was stopped by ${f.signal ?? 'a signal'} before it finished${tail ? `: ${tail}` : '.'}`,
      // mysqlFailureToError also serves the restore (the client, and imports that fail outside SQL).
      hint: `Something outside Kura ended it (out of memory, or shut down). ${/dump/.test(f.tool) ? 'Run the backup again.' : 'Try again.'}`,
      detail,
    });
  }
  return new KuraError({
    code: 'mysql-tool-failed',
    category: 'internal',
    message: `${f.tool} failed (exit code ${f.exitCode})${tail ? `: ${tail}` : ' without saying why.'}`,
    hint: 'The message above is the tool’s own; the run log has the full output.',
    detail,
  });
}

/**
 * `mysql-packet-too-large`: a row or statement bigger than the server's (or client's) max_allowed_packet.
 * A configuration limit, not a network fault: retrying cannot help, raising the limit does. `statementBytes`
 * and `serverMax` are known when a restore checks them before starting (then nothing was changed).
 */
export function packetTooLargeError(tool: string, where: string, statementBytes: number | null, serverMax: number | null, detail?: string): KuraError {
  const known = statementBytes !== null && serverMax !== null;
  const setting = statementBytes === null ? '1G' : packetSetting(statementBytes);
  return new KuraError({
    code: 'mysql-packet-too-large',
    category: 'config',
    message: known
      ? `The dump holds a statement of ${formatBytes(statementBytes)}, but the server at ${where} accepts at most ${formatBytes(serverMax)} ` +
        `(max_allowed_packet), so the restore would stop part-way.`
      : `${tool} stopped: a row or statement was bigger than the largest packet the server at ${where} accepts (max_allowed_packet).`,
    hint:
      `Raise the server's limit: as an administrator run SET GLOBAL max_allowed_packet=${setting === '1G' ? '1073741824' : `${parseInt(setting, 10)}*1024*1024`}; ` +
      `(and set max_allowed_packet=${setting} under [mysqld] in its configuration so it stays after a restart), then ${/dump/.test(tool) ? 'run the backup' : 'restore'} again.`,
    detail,
  });
}

/** The error for a privilege the backup user lacks, with the statement that grants it. */
export function privilegeMissingError(privilege: string, database: string, account: MysqlAccount, detail?: string): KuraError {
  const grant = grantStatement(privilege, scopeFor(privilege, database), account);
  return new KuraError({
    code: 'mysql-privilege-missing',
    category: 'auth',
    message: `The backup user lacks the ${privilege} privilege: ${grant}`,
    hint: `Run this as a database administrator (e.g. in phpMyAdmin's SQL tab), then run the backup again: ${grant}`,
    detail,
  });
}

/** Which privilege a stderr text says is missing, if it says so. */
export function missingPrivilege(text: string): string | null {
  const denied = /\b([A-Z][A-Z_]*(?: [A-Z_]+)*) command denied to user/.exec(text);
  if (denied) return denied[1]!;
  const need = /you need \(at least one of\) the (.+?) privilege\(s\)/.exec(text);
  if (need) return need[1]!.split(/\s+or\s+|,\s*/)[0]!.trim();
  if (/when using LOCK TABLES/i.test(text)) return 'LOCK TABLES';
  if (/Couldn't execute 'show events'/i.test(text) && /Access denied/.test(text)) return 'EVENT';
  if (/Couldn't execute 'show (create )?triggers?\b/i.test(text) && /Access denied|denied/.test(text)) return 'TRIGGER';
  return null;
}

/**
 * The server/client error numbers a text mentions, only where the clients print them ("Got error: 1045:",
 * "ERROR 1045 (28000)", "Error 2013:", "... (1142)" at a line end, "1130 - Host" inside a TLS wrapper),
 * so a port or row number elsewhere in the text is not mistaken for one.
 */
export function serverErrorCodes(text: string): Set<number> {
  const codes = new Set<number>();
  for (const re of [/(?:Got error:|ERROR|Error)\s+(\d{4})\b/g, /\((\d{4})\)\s*$/gm, /\b(\d{4}) - /g]) {
    for (const m of text.matchAll(re)) codes.add(Number(m[1]));
  }
  return codes;
}

function lastLines(text: string, n: number): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .slice(-n)
    .join(' | ');
}

function quote(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}
