/**
 * The few statements restore runs around an import: does the target database exist (and what is in
 * it), create it, drop it. SQL goes to the client on stdin; names are quoted with backticks doubled
 * (`my-db`, `a``b` work) in DDL and passed as hex literals in queries, so no name can break out.
 */
import type { Logger } from '../../progress.js';
import { assertDatabaseName } from './dump-args.js';
import { hexLiteral, quoteIdentifier } from './grants.js';
import { compareCodePoints, fromHex, runSql } from './queries.js';
import type { MysqlClient, MysqlTarget } from './types.js';

export interface CallOptions {
  signal?: AbortSignal;
  logger?: Logger;
}

export type DatabaseState =
  | { kind: 'missing' }
  | {
      kind: 'exists';
      /** Base tables and views currently in it, sorted. */
      tables: string[];
      views: string[];
      charset: string;
      collation: string;
    };

/**
 * What the target database holds now. A database the user has no rights on is invisible in
 * information_schema, so it reads as 'missing'; the CREATE that follows then fails with a clear
 * "access denied to database" instead of Kura guessing.
 */
export async function probeDatabase(
  client: MysqlClient,
  defaultsFile: string,
  target: MysqlTarget,
  database: string,
  options: CallOptions = {},
): Promise<DatabaseState> {
  assertDatabaseName(database);
  const db = hexLiteral(database);
  const rows = await runSql(
    client,
    defaultsFile,
    target,
    [
      `SELECT 'schema', HEX(DEFAULT_CHARACTER_SET_NAME), HEX(DEFAULT_COLLATION_NAME) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ${db};`,
      `SELECT 'table', HEX(TABLE_NAME), TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${db};`,
      '',
    ].join('\n'),
    options,
  );
  const schema = rows.find((r) => r[0] === 'schema');
  if (!schema) return { kind: 'missing' };
  const tables: string[] = [];
  const views: string[] = [];
  for (const r of rows) {
    if (r[0] !== 'table') continue;
    (r[2] === 'VIEW' ? views : tables).push(fromHex(r[1] ?? ''));
  }
  tables.sort(compareCodePoints);
  views.sort(compareCodePoints);
  return { kind: 'exists', tables, views, charset: fromHex(schema[1] ?? ''), collation: fromHex(schema[2] ?? '') };
}

/** `CREATE DATABASE IF NOT EXISTS` in utf8mb4 (or the given charset/collation, to recreate one as it was). */
export function createDatabaseSql(database: string, charset = 'utf8mb4', collation?: string): string {
  assertDatabaseName(database);
  const cs = /^[A-Za-z0-9_]+$/.test(charset) ? charset : 'utf8mb4';
  const coll = collation !== undefined && /^[A-Za-z0-9_]+$/.test(collation) ? ` COLLATE ${collation}` : '';
  return `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)} CHARACTER SET ${cs}${coll};\n`;
}

export async function createDatabase(
  client: MysqlClient,
  defaultsFile: string,
  target: MysqlTarget,
  database: string,
  options: CallOptions & { charset?: string; collation?: string } = {},
): Promise<void> {
  await runSql(client, defaultsFile, target, createDatabaseSql(database, options.charset, options.collation), options);
}

export async function dropDatabase(
  client: MysqlClient,
  defaultsFile: string,
  target: MysqlTarget,
  database: string,
  options: CallOptions = {},
): Promise<void> {
  assertDatabaseName(database);
  await runSql(client, defaultsFile, target, `DROP DATABASE IF EXISTS ${quoteIdentifier(database)};\n`, options);
}



/**
 * The largest statement the server accepts from a new connection (@@global.max_allowed_packet: the
 * session value starts from it and cannot be raised by the session itself).
 */
export async function serverMaxAllowedPacket(client: MysqlClient, defaultsFile: string, target: MysqlTarget, options: CallOptions = {}): Promise<number> {
  const rows = await runSql(client, defaultsFile, target, "SELECT 'max', @@global.max_allowed_packet;\n", options);
  return Number(rows.find((r) => r[0] === 'max')?.[1] ?? 0) || 0;
}
