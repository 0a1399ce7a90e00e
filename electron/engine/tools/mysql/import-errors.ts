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
 * megabyte-long INSERT, so only the ERROR line goes into the message and the echo is cut in the detail.
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
  const line = errorLine ? sqlLineOf(errorLine) : null;
  const detail = `${f.tool} exit ${f.exitCode ?? f.signal}\n${shorten(f.stderr)}`;
  const codes = serverErrorCodes(errorLine ?? f.stderr);
  const has = (...nums: number[]) => nums.some((n) => codes.has(n));
  const at = line === null ? '' : ` at line ${line} of the dump`;
  const account: MysqlAccount = f.account ?? { user: f.target.user, host: '%' };

  if (has(1227) && /SUPER|SET USER|SET_USER_ID|SET_ANY_DEFINER/i.test(errorLine ?? '')) {
    return new KuraError({
      code: 'mysql-definer-denied',
      category: 'auth',
      message:
        `The dump creates views, routines, triggers or events owned by another database account (a DEFINER clause)${at}, ` +
        `and user "${f.target.user}" may not do that: it needs the SUPER or SET USER privilege.`,
      hint: f.strippingDefiners
        ? 'Kura already removed the DEFINER clauses; the statement still needs SUPER. Restore as an administrator account.'
        : 'Restore again with --strip-definers (in the app: "Make me the owner of views and routines"): the objects are then owned by the restoring user. Or restore as an administrator account.',
      detail,
    });
  }
  if (has(1449) || /specified as a definer .* does not exist/i.test(errorLine ?? '')) {
    const who = /definer \(([^)]*)\)/i.exec(errorLine ?? '')?.[1] ?? 'the original owner';
    return new KuraError({
      code: 'mysql-definer-missing',
      category: 'data',
      message: `The dump refers to the database account ${who}, which does not exist on this server${at}.`,
      hint: `Restore again with --strip-definers so the restoring user owns the objects, or create that account first (CREATE USER ${who} …).`,
      detail,
    });
  }
  const collation = has(1273) ? unknownCollation(errorLine ?? f.stderr) : null;
  if (collation) return unknownCollationError(collation, line, detail);
  if (has(1115) || /Unknown character set/i.test(errorLine ?? '')) {
    const charset = /Unknown character set:? '([^']+)'/i.exec(errorLine ?? '')?.[1] ?? '?';
    return new KuraError({
      code: 'mysql-unknown-charset',
      category: 'data',
      message: `The dump uses the character set "${charset}", which this server does not know${at}.`,
      hint: 'The dump comes from a newer or different server. Restore into a server of the same kind and version.',
      detail,
    });
  }
  if ((has(1044) && line !== null) || has(1142, 1143, 1370)) {
    const privilege = /\b([A-Z][A-Z_]*(?: [A-Z_]+)*) command denied to user/.exec(errorLine ?? '')?.[1] ?? 'ALL PRIVILEGES';
    const grant = grantStatement(privilege, { kind: 'database', database: f.database }, account);
    return new KuraError({
      code: 'mysql-restore-denied',
      category: 'auth',
      message: `User "${f.target.user}" may not write everything the dump contains into "${f.database}"${at}: ${stripErrorPrefix(errorLine)}`,
      hint: `Restore as an account that owns the database, or run as an administrator: ${grant}`,
      detail,
    });
  }
  if (has(1064)) {
    return new KuraError({
      code: 'mysql-dump-syntax',
      category: 'data',
      message: `The dump contains SQL this server cannot read${at}: ${stripErrorPrefix(errorLine)}`,
      hint: 'The dump file is damaged or comes from a much newer server. Use another snapshot, or restore into a server of the same version.',
      detail,
    });
  }
  if (has(1153, 1301) || /bigger than 'max_allowed_packet'|larger than max_allowed_packet/i.test(errorLine ?? f.stderr)) {
    return packetTooLargeError(f.tool, `${f.target.host}:${f.target.port}`, null, null, detail);
  }
  if (has(2006, 2013) || /Lost connection|server has gone away/i.test(f.stderr)) {
    return new KuraError({
      code: 'mysql-connection-lost',
      category: 'network',
      message: `The connection to the database server at ${mysqlWhere(f.target)} was lost during the import${at}. The database "${f.database}" is only partly restored.`,
      hint: "The server may have restarted or run out of memory, or a statement was bigger than its max_allowed_packet. Check the server's error log, then restore again.",
      detail,
    });
  }
  if (errorLine && line !== null) {
    return new KuraError({
      code: 'mysql-import-failed',
      category: 'data',
      message: `The server rejected a statement${at}: ${stripErrorPrefix(errorLine)}`,
      hint: 'The message above is the server’s own. The run log has the statement that failed.',
      detail,
    });
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

function stripErrorPrefix(errorLine: string | null): string {
  return (errorLine ?? '').replace(/^ERROR \d+ \([^)]*\)(?: at line \d+)?:\s*/, '');
}

/** Keeps the start and the end of a long stderr (the echoed statement can be huge). */
function shorten(text: string): string {
  if (text.length <= MAX_DETAIL) return text;
  const half = MAX_DETAIL / 2;
  return `${text.slice(0, half)}\n… (${text.length - MAX_DETAIL} characters left out) …\n${text.slice(-half)}`;
}
