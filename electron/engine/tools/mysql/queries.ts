/**
 * Running SQL with the `mysql`/`mariadb` client in batch mode, and small queries the UI needs.
 *
 * Why the command-line client and not a driver: it is the same program (and the same TLS/auth
 * plugins) that restore uses and that the admin can run by hand, so "Kura can connect" and
 * "the tools can connect" never disagree. SQL goes in on stdin; the connection settings in the
 * 0600 option file; names come back HEX()-encoded so tabs, newlines and backslashes in object
 * names cannot confuse the tab-separated output.
 */
import { runProcess } from '../../process/run-process.js';
import type { Logger } from '../../progress.js';
import { buildQueryArgs } from './dump-args.js';
import { withDefaultsFile } from './defaults-file.js';
import { mysqlFailureToError } from './errors.js';
import type { MysqlAccount } from './grants.js';
import type { MysqlClient, MysqlFlavour, MysqlTarget } from './types.js';
import { throwIfCancelled } from '../../errors.js';
import { basename } from 'node:path';

export interface QueryOptions {
  /** Connect with this default database (the server then checks it exists and is allowed). */
  database?: string;
  signal?: AbortSignal;
  logger?: Logger;
  /** Used in error messages so GRANTs name the right account. */
  account?: MysqlAccount;
}

/** Runs SQL using an option file that already exists (the caller owns its lifetime). Returns the rows. */
export async function runSql(
  client: MysqlClient,
  defaultsFile: string,
  target: MysqlTarget,
  sql: string,
  options: QueryOptions = {},
): Promise<string[][]> {
  throwIfCancelled(options.signal);
  const r = await runProcess(
    { file: client.clientPath, args: buildQueryArgs(defaultsFile, options.database), secrets: [target.password ?? undefined] },
    { input: sql, signal: options.signal, logger: options.logger },
  );
  throwIfCancelled(options.signal);
  if (r.exitCode !== 0) {
    throw mysqlFailureToError({
      tool: basename(client.clientPath),
      exitCode: r.exitCode,
      signal: r.signal,
      stderr: r.stderr,
      target,
      database: options.database,
      account: options.account,
    });
  }
  return parseBatchOutput(r.stdout);
}

/** Same as runSql, with a throw-away option file for one query. */
export async function querySql(client: MysqlClient, target: MysqlTarget, sql: string, options: QueryOptions = {}): Promise<string[][]> {
  return withDefaultsFile(target, (file) => runSql(client, file, target, sql, options));
}

/**
 * Parses `--batch --skip-column-names` output: rows by newline, fields by tab, with the client's
 * escapes (\t \n \\ \0) undone. NULL comes out as the text "NULL"; queries here avoid ambiguity
 * by HEX()-encoding names.
 */
export function parseBatchOutput(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t').map(unescapeBatchField));
}

function unescapeBatchField(field: string): string {
  return field.replace(/\\([\\tn0])/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === '0' ? '\0' : '\\'));
}

/** Decodes a HEX() column back to text (names are stored as UTF-8). */
export function fromHex(hex: string): string {
  return Buffer.from(hex, 'hex').toString('utf8');
}

export function flavourOfServerVersion(version: string, versionComment = ''): MysqlFlavour {
  return /mariadb/i.test(version) || /mariadb/i.test(versionComment) ? 'mariadb' : 'mysql';
}

/** Splits CURRENT_USER() ("user@host"): the host part never contains "@", the user part may. */
export function parseCurrentUser(text: string): MysqlAccount {
  const at = text.lastIndexOf('@');
  return at < 0 ? { user: text, host: '%' } : { user: text.slice(0, at), host: text.slice(at + 1) };
}

const SYSTEM_SCHEMAS = new Set(['information_schema', 'performance_schema', 'mysql', 'sys']);

/** The databases the user can see, without the server's own schemas, sorted. For the job editor. */
export async function listDatabases(client: MysqlClient, target: MysqlTarget, signal?: AbortSignal): Promise<string[]> {
  const rows = await querySql(client, target, 'SELECT HEX(SCHEMA_NAME) FROM information_schema.SCHEMATA;\n', { signal });
  return rows
    .map((r) => fromHex(r[0] ?? ''))
    .filter((name) => name !== '' && !SYSTEM_SCHEMAS.has(name.toLowerCase()))
    .sort(compareCodePoints);
}

export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
