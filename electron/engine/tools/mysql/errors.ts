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
 * last stderr lines in the message: a vague "it failed" is worse than the tool's words. The sentences
 * are catalogue entries (shared/messages/catalogue/mysql.ts); the facts travel as parameters.
 */
import { TEST_CONNECT_SECONDS } from '../answer-timeouts.js';
import { KuraError } from '../../errors.js';
import { packetSetting } from './dump-warnings.js';
import { type MysqlAccount, grantStatement, quoteString, scopeFor } from './grants.js';
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

/** "host:port" for messages, or how an SSH-forwarded server is named ("127.0.0.1:3306 (ssh://web.example.jp)": a fact, the same in every language). */
export function mysqlWhere(target: Pick<MysqlTarget, 'host' | 'port' | 'shownAs'>): string {
  return target.shownAs ?? `${target.host}:${target.port}`;
}

export function mysqlFailureToError(f: MysqlFailure): KuraError {
  const text = f.stderr;
  const where = mysqlWhere(f.target);
  const user = f.target.user;
  const account = f.account ?? { user, host: '%' };
  const db = f.database;
  const detail = `${f.tool} exit ${f.exitCode ?? f.signal}\n${text}`;
  const codes = serverErrorCodes(text);
  const has = (...nums: number[]) => nums.some((n) => codes.has(n));

  const privilege = missingPrivilege(text);
  if (privilege && db !== undefined) return privilegeMissingError(privilege, db, account, detail);

  if (has(1045) || /Access denied for user .*\(using password: (YES|NO)\)/.test(text)) {
    return /using password: NO/.test(text)
      ? new KuraError({ code: 'mysql-auth-no-password', params: { where, user }, category: 'auth', detail })
      : new KuraError({ code: 'mysql-auth-failed', params: { where, user }, category: 'auth', detail });
  }
  if (has(1130) || /is not allowed to connect to this (MySQL|MariaDB) server/.test(text)) {
    const statement = `CREATE USER ${quoteString(user)}@'%' IDENTIFIED BY '…';`;
    return new KuraError({ code: 'mysql-host-not-allowed', params: { where, user, statement }, category: 'auth', detail });
  }
  if (has(1049) || /Unknown database/i.test(text)) {
    const database = db ?? /Unknown database '([^']*)'/i.exec(text)?.[1] ?? '?';
    return new KuraError({ code: 'mysql-unknown-database', params: { where, database }, category: 'config', detail });
  }
  if (has(1044) || /Access denied for user .* to database/.test(text)) {
    const database = db ?? /to database '([^']*)'/.exec(text)?.[1] ?? '?';
    const grant = grantStatement('SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES', { kind: 'database', database }, account);
    return new KuraError({ code: 'mysql-database-denied', params: { where, user, database, grant }, category: 'config', detail });
  }
  if (has(2005) || /Unknown (MySQL |MariaDB )?server host/i.test(text)) {
    return new KuraError({ code: 'mysql-unknown-host', params: { host: f.target.host }, category: 'network', detail });
  }
  if (has(2002, 2003) || /Can't connect to/i.test(text)) {
    return new KuraError({ code: 'mysql-connect-failed', params: { where }, category: 'network', detail });
  }
  if (has(2020, 1153, 1301) || /bigger than 'max_allowed_packet'|larger than max_allowed_packet/i.test(text)) {
    return packetTooLargeError(f.tool, where, detail);
  }
  if (has(2013) && /reading initial communication packet/i.test(text)) {
    // The TCP connection was taken but the server's greeting never came (a hung server, another program on the port).
    return new KuraError({ code: 'server-no-answer', params: { what: 'MySQL', where, seconds: TEST_CONNECT_SECONDS }, category: 'network', detail });
  }
  if (has(2013, 2006) || /Lost connection to|server has gone away/i.test(text)) {
    return new KuraError({ code: 'mysql-connection-lost', params: { where, tool: f.tool }, category: 'network', detail });
  }

  // The tool's own last lines: a vague "it failed" is worse than the tool's words.
  const output = lastLines(text, 3);
  if (f.exitCode === null) {
    return new KuraError({ code: 'mysql-tool-killed', params: { tool: f.tool, signal: f.signal ?? '?', output }, category: 'resource', detail });
  }
  return new KuraError({ code: 'mysql-tool-failed', params: { tool: f.tool, exitCode: f.exitCode, output }, category: 'internal', detail });
}

/** What an administrator runs to raise the server's limit: "SET GLOBAL max_allowed_packet=64*1024*1024;". */
function packetStatement(setting: string): string {
  return `SET GLOBAL max_allowed_packet=${setting === '1G' ? '1073741824' : `${parseInt(setting, 10)}*1024*1024`};`;
}

/**
 * `mysql-packet-too-large`: mysqldump or mysql stopped on a row or statement bigger than the server's
 * (or client's) max_allowed_packet. A configuration limit, not a network fault: retrying cannot help,
 * raising the limit does.
 */
export function packetTooLargeError(tool: string, where: string, detail?: string): KuraError {
  return new KuraError({ code: 'mysql-packet-too-large', params: { tool, where, statement: packetStatement('1G'), setting: '1G' }, category: 'config', detail });
}

/**
 * `mysql-statement-too-large`: a restore compared the dump's largest statement with the server's limit
 * before starting, and refused (nothing was changed).
 */
export function statementTooLargeError(where: string, statementBytes: number, serverMax: number): KuraError {
  const setting = packetSetting(statementBytes);
  return new KuraError({
    code: 'mysql-statement-too-large',
    params: { where, statementBytes, serverMax, statement: packetStatement(setting), setting },
    category: 'config',
  });
}

/** The error for a privilege the backup user lacks, with the statement that grants it. */
export function privilegeMissingError(privilege: string, database: string, account: MysqlAccount, detail?: string): KuraError {
  const grant = grantStatement(privilege, scopeFor(privilege, database), account);
  return new KuraError({ code: 'mysql-privilege-missing', params: { privilege, grant }, category: 'auth', detail });
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

