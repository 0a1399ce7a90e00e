/**
 * Turns a failed import (`mysql db < dump.sql`) into a KuraError that says what stopped it and what
 * to do. The texts are the client's, provoked against MariaDB 10.11 (see test/integration/restore):
 *   ERROR 1227 (42000) at line 2: Access denied; you need (at least one of) the SUPER, SET USER privilege(s) for this operation
 *   ERROR 1449 (HY000) at line 9: The user specified as a definer ('x'@'%') does not exist
 *   ERROR 1273 (HY000) at line 1: Unknown collation: 'utf8mb4_0900_ai_ci'
 *   ERROR 1044 (42000) at line 1: Access denied for user 'ru'@'%' to database 'zz'
 *   ERROR 1064 (42000) at line 2: You have an error in your SQL syntax; … near 'SELEC broken' at line 1
 *   ERROR 2013 (HY000) at line 40: Lost connection to server during query
 * Before the ERROR line the client echoes the failing statement between "-----" rulers; that can be a
 * megabyte-long INSERT, so only the ERROR line (verbatim: it says where in the dump) goes into the
 * message and the echo is cut in the detail. The sentences are catalogue entries (catalogue/mysql.ts).
 *
 * Connection-level failures (wrong password, unreachable host, unknown database) are the same as for
 * dumps, so they fall through to mysqlFailureToError.
 */
import { KuraError } from '../../errors.js';
import { unknownCollation, unknownCollationError } from './collations.js';
import { mysqlFailureToError, mysqlWhere, packetTooLargeError, serverErrorCodes, type MysqlFailure } from './errors.js';
import { grantStatement, type MysqlAccount } from './grants.js';

export interface ImportFailure extends MysqlFailure {
  /** The database being written. */
  database: string;
  /** True when DEFINER clauses were already being stripped (then a definer error needs other advice). */
  strippingDefiners: boolean;
}

const MAX_DETAIL = 8 * 1024;

export function importFailureToError(f: ImportFailure): KuraError {
  const errorLine = lastErrorLine(f.stderr);
  const detail = `${f.tool} exit ${f.exitCode ?? f.signal}\n${shorten(f.stderr)}`;
  const codes = serverErrorCodes(errorLine ?? f.stderr);
  const has = (...nums: number[]) => nums.some((n) => codes.has(n));
  const account: MysqlAccount = f.account ?? { user: f.target.user, host: '%' };
  const user = f.target.user;
  // The server's own line, verbatim ("ERROR 1064 (42000) at line 2: …": it says where in the dump).
  const reply = errorLine ?? '';
  // Where in the dump the statement was ("?" when the client did not say).
  const line = String(sqlLineOf(reply) ?? '?');

  if (has(1227) && /SUPER|SET USER|SET_USER_ID|SET_ANY_DEFINER/i.test(reply)) {
    return f.strippingDefiners
      ? new KuraError({ code: 'mysql-definer-denied-stripped', params: { user, line }, category: 'auth', detail })
      : new KuraError({ code: 'mysql-definer-denied', params: { user, line }, category: 'auth', detail });
  }
  if (has(1449) || /specified as a definer .* does not exist/i.test(reply)) {
    const account = /definer \(([^)]*)\)/i.exec(reply)?.[1] ?? '?';
    return new KuraError({ code: 'mysql-definer-missing', params: { account, line }, category: 'data', detail });
  }
  const collation = has(1273) ? unknownCollation(errorLine ?? f.stderr) : null;
  if (collation) return unknownCollationError(collation, line, detail);
  if (has(1115) || /Unknown character set/i.test(reply)) {
    const charset = /Unknown character set:? '([^']+)'/i.exec(reply)?.[1] ?? '?';
    return new KuraError({ code: 'mysql-unknown-charset', params: { charset, line }, category: 'data', detail });
  }
  if ((has(1044) && sqlLineOf(reply) !== null) || has(1142, 1143, 1370)) {
    const privilege = /\b([A-Z][A-Z_]*(?: [A-Z_]+)*) command denied to user/.exec(reply)?.[1] ?? 'ALL PRIVILEGES';
    const grant = grantStatement(privilege, { kind: 'database', database: f.database }, account);
    return new KuraError({ code: 'mysql-restore-denied', params: { user, database: f.database, reply, grant }, category: 'auth', detail });
  }
  if (has(1064)) {
    return new KuraError({ code: 'mysql-dump-syntax', params: { reply }, category: 'data', detail });
  }
  if (has(1153, 1301) || /bigger than 'max_allowed_packet'|larger than max_allowed_packet/i.test(errorLine ?? f.stderr)) {
    return packetTooLargeError(f.tool, `${f.target.host}:${f.target.port}`, detail);
  }
  if (has(2013) && /reading initial communication packet/i.test(f.stderr)) {
    // Never connected (the server took the connection and did not greet): nothing was written.
    return mysqlFailureToError({ ...f, stderr: f.stderr });
  }
  if (has(2006, 2013) || /Lost connection|server has gone away/i.test(f.stderr)) {
    return new KuraError({ code: 'mysql-import-connection-lost', params: { where: mysqlWhere(f.target), database: f.database }, category: 'network', detail });
  }
  if (errorLine && sqlLineOf(errorLine) !== null) {
    return new KuraError({ code: 'mysql-import-failed', params: { reply }, category: 'data', detail });
  }
  return mysqlFailureToError({ ...f, stderr: f.stderr });
}

/** The last "ERROR nnnn (…)" line the client printed. */
export function lastErrorLine(stderr: string): string | null {
  const lines = stderr.split(/\r?\n/).filter((l) => /^ERROR \d+/.test(l));
  return lines.at(-1) ?? null;
}

/** "ERROR 1064 (42000) at line 12: …" → 12. */
export function sqlLineOf(errorLine: string): number | null {
  const m = /\bat line (\d+):/.exec(errorLine);
  return m ? Number(m[1]) : null;
}

/** Keeps the start and the end of a long stderr (the echoed statement can be huge). */
function shorten(text: string): string {
  if (text.length <= MAX_DETAIL) return text;
  const half = MAX_DETAIL / 2;
  return `${text.slice(0, half)}\n… (${text.length - MAX_DETAIL} characters left out) …\n${text.slice(-half)}`;
}
