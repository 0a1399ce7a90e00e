/**
 * Which privileges the backup user lacks for dumping given databases, with the GRANT that fixes each.
 *
 * Why check at all when mysqldump complains by itself: for some privileges it does NOT complain.
 * Without TRIGGER, `SHOW TRIGGERS` just returns nothing and the dump silently has no triggers; without
 * the right to read other definers' routines, those routines are silently left out. Both were
 * observed on MariaDB 10.11 (exit 0, "Dump completed"). A backup that restores without the shop's
 * triggers is a broken backup, so the dump refuses to start when TRIGGER is missing.
 *
 * The check reads information_schema's *_PRIVILEGES views for CURRENT_USER(): global grants and
 * database grants (wildcard patterns like `shop\_%` are honoured). Privileges held only per table
 * or only through a role are not seen and would be reported as missing.
 */
import type { Logger } from '../../progress.js';
import { compareVersions } from './detect-client.js';
import { grantStatement, hexLiteral, scopeFor, type GrantScope, type MysqlAccount } from './grants.js';
import { flavourOfServerVersion, fromHex, parseCurrentUser, querySql, runSql } from './queries.js';
import type { MysqlClient, MysqlFlavour, MysqlTarget } from './types.js';

/** What happens to a dump without the privilege. */
export type PrivilegeEffect =
  /** mysqldump stops with an error. */
  | 'dump-fails'
  /** mysqldump succeeds but leaves objects out (triggers, other definers' routines). */
  | 'silently-incomplete';

export interface MissingPrivilege {
  database: string;
  privilege: string;
  effect: PrivilegeEffect;
  /** What the dump cannot read without it. */
  needs: PrivilegeNeed;
  /** The statement an administrator runs to fix it. */
  grant: string;
}

/** What a privilege is for in a dump: the rows, the views' definitions, triggers, events, others' routines. */
export type PrivilegeNeed = 'rows' | 'views' | 'triggers' | 'events' | 'routines';

interface Need {
  privilege: string;
  effect: PrivilegeEffect;
  needs: PrivilegeNeed;
}

const DATABASE_NEEDS: readonly Need[] = [
  { privilege: 'SELECT', effect: 'dump-fails', needs: 'rows' },
  { privilege: 'SHOW VIEW', effect: 'dump-fails', needs: 'views' },
  { privilege: 'TRIGGER', effect: 'silently-incomplete', needs: 'triggers' },
  { privilege: 'EVENT', effect: 'dump-fails', needs: 'events' },
];

export interface PrivilegeSnapshot {
  account: MysqlAccount;
  serverVersion: string;
  serverFlavour: MysqlFlavour;
  global: Set<string>;
  /** Database-level grants: the pattern as stored (may hold % and _ wildcards) and the privilege. */
  schema: { pattern: string; privilege: string }[];
  /** Table-level grants on mysql.proc (the MariaDB/MySQL 5.x way to read routine bodies). */
  procTable: Set<string>;
}

/** For the job editor: every missing privilege for the listed databases. */
export async function checkDumpPrivileges(
  client: MysqlClient,
  target: MysqlTarget,
  databases: readonly string[],
  signal?: AbortSignal,
): Promise<MissingPrivilege[]> {
  const snap = await queryPrivileges(client, target, signal);
  return databases.flatMap((db) => missingPrivileges(snap, db));
}

/** What the account may do, as the server says (for restore's check of its rights before anything changes). */
export async function queryPrivileges(client: MysqlClient, target: MysqlTarget, signal?: AbortSignal): Promise<PrivilegeSnapshot> {
  return parsePrivilegeRows(await querySql(client, target, PRIVILEGE_SQL, { signal }), target);
}

/** The same check with an option file the caller already holds (used right before a dump). */
export async function readPrivileges(
  client: MysqlClient,
  defaultsFile: string,
  target: MysqlTarget,
  options: { signal?: AbortSignal; logger?: Logger; account?: MysqlAccount } = {},
): Promise<PrivilegeSnapshot> {
  return parsePrivilegeRows(await runSql(client, defaultsFile, target, PRIVILEGE_SQL, options), target);
}

const GRANTEE = `CONCAT('''', SUBSTRING(CURRENT_USER(), 1, CHAR_LENGTH(CURRENT_USER()) - CHAR_LENGTH(SUBSTRING_INDEX(CURRENT_USER(), '@', -1)) - 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')`;

const PRIVILEGE_SQL = [
  `SELECT 'me', HEX(CURRENT_USER()), HEX(VERSION()), HEX(@@version_comment);`,
  `SELECT 'global', PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ${GRANTEE};`,
  `SELECT 'schema', HEX(TABLE_SCHEMA), PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ${GRANTEE};`,
  `SELECT 'proc', PRIVILEGE_TYPE FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = ${GRANTEE} AND TABLE_SCHEMA = ${hexLiteral('mysql')} AND TABLE_NAME = ${hexLiteral('proc')};`,
  '',
].join('\n');

export function parsePrivilegeRows(rows: string[][], target: MysqlTarget): PrivilegeSnapshot {
  const snap: PrivilegeSnapshot = {
    account: { user: target.user, host: '%' },
    serverVersion: '',
    serverFlavour: 'mysql',
    global: new Set(),
    schema: [],
    procTable: new Set(),
  };
  for (const row of rows) {
    switch (row[0]) {
      case 'me':
        snap.account = parseCurrentUser(fromHex(row[1] ?? ''));
        snap.serverVersion = fromHex(row[2] ?? '');
        snap.serverFlavour = flavourOfServerVersion(snap.serverVersion, fromHex(row[3] ?? ''));
        break;
      case 'global':
        snap.global.add((row[1] ?? '').toUpperCase());
        break;
      case 'schema':
        snap.schema.push({ pattern: fromHex(row[1] ?? ''), privilege: (row[2] ?? '').toUpperCase() });
        break;
      case 'proc':
        snap.procTable.add((row[1] ?? '').toUpperCase());
        break;
      default:
        break;
    }
  }
  return snap;
}

/** Whether the account holds a privilege on a database, globally or by a database-level grant. */
export function holdsPrivilege(snap: PrivilegeSnapshot, privilege: string, database: string): boolean {
  return snap.global.has(privilege) || snap.schema.some((g) => g.privilege === privilege && schemaPatternMatches(g.pattern, database));
}

export function missingPrivileges(snap: PrivilegeSnapshot, database: string): MissingPrivilege[] {
  const has = (privilege: string) => holdsPrivilege(snap, privilege, database);
  const missing: MissingPrivilege[] = [];
  for (const need of DATABASE_NEEDS) {
    if (has(need.privilege)) continue;
    missing.push({ database, ...need, grant: grantStatement(need.privilege, scopeFor(need.privilege, database), snap.account) });
  }
  const routine = routinePrivilege(snap, database);
  if (routine) missing.push(routine);
  return missing;
}

/**
 * Reading the bodies of routines someone else defined needs, depending on the server:
 * MariaDB 11.3+: SHOW CREATE ROUTINE; MySQL 8.0.20+: SHOW_ROUTINE (global); older: SELECT on mysql.proc.
 * Global SELECT covers all of them.
 */
function routinePrivilege(snap: PrivilegeSnapshot, database: string): MissingPrivilege | null {
  if (snap.global.has('SELECT')) return null;
  const version = /^(\d+\.\d+\.\d+)/.exec(snap.serverVersion)?.[1] ?? '0.0.0';
  let privilege: string;
  let scope: GrantScope;
  let held: boolean;
  if (snap.serverFlavour === 'mariadb' && compareVersions(version, '11.3.0') >= 0) {
    privilege = 'SHOW CREATE ROUTINE';
    scope = { kind: 'database', database };
    held =
      snap.global.has(privilege) || snap.schema.some((g) => g.privilege === privilege && schemaPatternMatches(g.pattern, database));
  } else if (snap.serverFlavour === 'mysql' && compareVersions(version, '8.0.20') >= 0) {
    privilege = 'SHOW_ROUTINE';
    scope = { kind: 'global' };
    held = snap.global.has(privilege);
  } else {
    privilege = 'SELECT';
    scope = { kind: 'table', database: 'mysql', table: 'proc' };
    held = snap.procTable.has('SELECT') || snap.schema.some((g) => g.privilege === 'SELECT' && schemaPatternMatches(g.pattern, 'mysql'));
  }
  if (held) return null;
  return { database, privilege, effect: 'silently-incomplete', needs: 'routines', grant: grantStatement(privilege, scope, snap.account) };
}

/**
 * Database-level grants store a LIKE pattern: `%` any run, `_` any one character, `\` escapes.
 * Matched case-insensitively (Windows and macOS servers fold case; a false "held" is caught by
 * mysqldump itself for the privileges that make it fail).
 */
export function schemaPatternMatches(pattern: string, database: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRegex(pattern[++i]!);
    } else if (c === '%') {
      re += '.*';
    } else if (c === '_') {
      re += '.';
    } else {
      re += escapeRegex(c);
    }
  }
  return new RegExp(`^${re}$`, 'isu').test(database);
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** For messages: all GRANTs that fix a list, one per line. */
export function grantsText(missing: readonly MissingPrivilege[]): string {
  return missing.map((m) => m.grant).join('\n');
}
