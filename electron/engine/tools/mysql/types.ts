/**
 * The data shapes of the MySQL/MariaDB tool module, shared by detection, dumping, verification and
 * (later) restore. Kept apart so that the snapshot manifest and the UI can import them without
 * pulling in the process-running code.
 */

import type { MessageData } from '../../../shared/messages/index.js';
import type { DumpPart } from './dump-sections.js';

export type MysqlFlavour = 'mariadb' | 'mysql';

/** The local client programs Kura drives, and which optional mysqldump flags they accept. */
export interface MysqlClient {
  flavour: MysqlFlavour;
  /** The client's own version (e.g. "10.11.19" for MariaDB, "8.0.36" for MySQL), not the server's. */
  version: string;
  dumpPath: string;
  clientPath: string;
  supports: MysqlDumpSupports;
}

/**
 * Optional flags differ between MySQL and MariaDB builds of mysqldump; passing one the client does
 * not know makes it exit with "unknown variable" before dumping anything.
 */
export interface MysqlDumpSupports {
  /** MySQL 5.6+: without `=OFF` the dump carries GTID_PURGED and fails to restore on most servers. */
  setGtidPurged: boolean;
  /** MySQL 8.0 client: `=0` stops it querying column statistics that MariaDB/5.7 servers lack. */
  columnStatistics: boolean;
  /** `--no-tablespaces`: avoids needing the PROCESS privilege (MySQL 8.0.21+). Nearly universal. */
  noTablespaces: boolean;
}

/** Where to connect. The password is given to the tools only through a 0600 option file. */
export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string | null;
  /** How messages name the server when host:port is a local SSH forward ("127.0.0.1:3306 on web.example.jp, through SSH"). */
  shownAs?: string;
}

/** The database objects a dump is expected to hold; restore verification compares against these. */
export interface MysqlObjectList {
  /** Base tables (and MariaDB sequences/system-versioned tables), not views. */
  tables: string[];
  views: string[];
  /** "PROCEDURE name" / "FUNCTION name": a procedure and a function may share a name. */
  routines: string[];
  triggers: string[];
  events: string[];
}

/**
 * How the dump's tables were made to fit together (recorded in the manifest):
 * - 'single-transaction': every table is transactional; one InnoDB snapshot covers them all;
 * - 'lock-tables': the database has tables without transactions (MyISAM, Aria, …), so every table was
 *   read-locked for the length of the dump;
 * - 'single-transaction-unlocked': it has such tables but the account may not lock them: they were
 *   read without a lock and may not match the rest (the item carries a warning naming them).
 */
export type MysqlConsistency = 'single-transaction' | 'lock-tables' | 'single-transaction-unlocked';

export interface MysqlDumpResult extends MysqlObjectList {
  /** Size of the .sql.gz on disk. */
  bytes: number;
  /** SHA-256 of the .sql.gz as written. */
  sha256: string;
  uncompressedBytes: number;
  serverVersion: string;
  serverFlavour: MysqlFlavour;
  /** Exact row counts per base table, as the dump holds them (counted from the dump stream). */
  rowCounts: Record<string, number>;
  durationMs: number;
  consistency: MysqlConsistency;
  /** Base tables without transactions, e.g. "log (MyISAM)". */
  nonTransactionalTables: string[];
  /** Bytes of the dump's longest statement: a server restoring it needs max_allowed_packet at least this big. */
  largestStatementBytes: number;
  /** The distinct owners ("user@host") of the dumped views, routines, triggers and events, sorted. */
  definers: string[];
  /** What the admin must know about this dump (it is still complete and verified), as catalogued messages. */
  warnings: MessageData[];
  /** The dump's parts (dump-sections.ts), when it was cut and they add up; absent: serial restore only. */
  parts?: DumpPart[];
}

export interface DumpProgress {
  uncompressedBytes: number;
  compressedBytes: number;
}
