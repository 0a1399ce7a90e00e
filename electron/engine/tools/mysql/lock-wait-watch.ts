/**
 * Notices a dump that is not dumping but waiting for a lock, says so, and gives up after a limit.
 *
 * Why: another connection holding a table — `LOCK TABLES orders WRITE` left open in phpMyAdmin, a long
 * ALTER TABLE, FLUSH TABLES WITH READ LOCK — makes mysqldump's `SELECT … FROM orders` (or, for a
 * database with MyISAM tables, its `LOCK TABLES … READ LOCAL`) wait for the server's
 * lock_wait_timeout: one day on MariaDB, one year on MySQL. mysqldump has no option to shorten it
 * (MariaDB's rejects `init-command` as an unknown variable), so a nightly backup would sit there with
 * its progress frozen, and every later run would be refused as "already running".
 *
 * How: while the dump's output stands still, every `checkEveryMs` Kura asks the server (a second
 * connection as the same user, which may always see its own threads) whether one of that user's
 * threads in this database is "Waiting for …" while running one of mysqldump's own statements. The
 * first time it is, the log says what it waits for; once it has waited `giveUpAfterMs`, Kura ends that
 * statement with KILL QUERY (allowed on one's own threads) so the server stops waiting too, and the
 * dump fails with `mysql-lock-wait` — a clear failure, nothing published, the earlier snapshots kept.
 * The same question notices a server that stopped answering altogether (it accepts the connection and
 * never greets): mysqldump, which has no connect or read timeout, would wait on it forever; the dump is
 * stopped and fails with `server-no-answer` (a network failure, retried by the scheduler).
 */
import { sayTo, type Logger } from '../../progress.js';
import { KuraError } from '../../errors.js';
import { msg } from '../../../shared/messages/index.js';
import { hexLiteral, quoteIdentifier } from './grants.js';
import { fromHex, runSql } from './queries.js';
import type { MysqlClient, MysqlTarget } from './types.js';

export interface LockWaitLimits {
  /** How long the dump's output may stand still before the server is asked. */
  checkEveryMs: number;
  /** How long a wait for a lock is borne before the statement is ended. */
  giveUpAfterMs: number;
}

export const DEFAULT_LOCK_WAIT: LockWaitLimits = { checkEveryMs: 30_000, giveUpAfterMs: 30 * 60_000 };

export interface LockWait {
  /** The server's words, e.g. "Waiting for table metadata lock". */
  state: string;
  /** The statement mysqldump was running (shortened). */
  statement: string;
  /** The table it names, when it names one. */
  table: string | null;
  seconds: number;
}

interface WatchOptions {
  client: MysqlClient;
  defaultsFile: string;
  target: MysqlTarget;
  database: string;
  limits: LockWaitLimits;
  logger?: Logger;
  /** The dump's output so far: a wait is only looked for while it stands still. */
  bytes: () => number;
  /**
   * The server took a new connection and never answered while the dump stood still: it is hung
   * (mysqldump has no connect or read timeout of its own — MariaDB's and MySQL's both reject
   * `--connect-timeout` — so it would wait forever). The caller stops the dump.
   */
  onHung?: (error: KuraError) => void;
}

export class DumpLockWatch {
  /** Set when the watch ended a statement that had waited too long. */
  gaveUp: LockWait | null = null;
  /** Set when the server stopped answering, or could no longer be reached, while the dump stood still. */
  hung: KuraError | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastBytes = -1;
  private reported = false;
  private busy = false;
  /** Checks in a row whose question could not connect at all. */
  private unreachable = 0;
  private stopped = false;

  constructor(private readonly opts: WatchOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.opts.limits.checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    if (this.busy || this.stopped) return;
    const bytes = this.opts.bytes();
    const moving = bytes !== this.lastBytes;
    this.lastBytes = bytes;
    if (moving) {
      this.unreachable = 0;
      return;
    }
    this.busy = true;
    try {
      const wait = await this.findWait();
      this.unreachable = 0;
      if (!wait || this.stopped) return;
      const { database, logger, limits } = this.opts;
      if (!this.reported) {
        this.reported = true;
        sayTo(logger, 'warn', msg('mysql-dump-lock-waiting', { database: quoteIdentifier(database), state: wait.state, table: tableOf(wait), limit: limits.giveUpAfterMs }));
      }
      if (wait.seconds * 1000 >= limits.giveUpAfterMs) {
        this.gaveUp = wait;
        await runSql(this.opts.client, this.opts.defaultsFile, this.opts.target, `KILL QUERY ${wait.id};\n`, { logger });
      }
    } catch (err) {
      // The question goes over a new connection with the client's connect timeout: no greeting within
      // it while the dump stands still means the server is not answering anyone, the dump included.
      // No connection at all, twice in a row (one refusal may be a blip): the server is gone or out of
      // reach, and the dump's own connection — waiting to read, with nothing in flight — would never notice.
      const unreachable = err instanceof KuraError && err.code === 'mysql-connect-failed' ? ++this.unreachable : (this.unreachable = 0);
      if (err instanceof KuraError && (err.code === 'server-no-answer' || unreachable >= 2) && !this.stopped) {
        this.hung = err;
        this.opts.onHung?.(err);
        return;
      }
      this.opts.logger?.log('debug', `Could not look for lock waits: ${(err as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  private async findWait(): Promise<(LockWait & { id: number }) | null> {
    const { client, defaultsFile, target, database, logger } = this.opts;
    // mysqldump's own statements: its data SELECTs carry SQL_NO_CACHE, its locks READ LOCAL; the shop's
    // application may use the same account, and its waits are not the backup's business.
    const rows = await runSql(
      client,
      defaultsFile,
      target,
      `SELECT 'wait', ID, TIME, HEX(STATE), HEX(LEFT(INFO, 300)) FROM information_schema.PROCESSLIST ` +
        `WHERE ID <> CONNECTION_ID() AND USER = ${hexLiteral(target.user)} AND DB = ${hexLiteral(database)} AND STATE LIKE 'Waiting for %' ` +
        `AND (INFO LIKE '%SQL_NO_CACHE%' OR INFO LIKE 'LOCK TABLES %' OR INFO LIKE 'show create %' OR INFO LIKE 'show fields %' OR INFO LIKE 'SHOW TRIGGERS%') ` +
        `ORDER BY TIME DESC;\n`,
      { logger },
    );
    const row = rows.find((r) => r[0] === 'wait');
    if (!row) return null;
    const statement = fromHex(row[4] ?? '');
    const table = /\bFROM\s+`((?:[^`]|``)+)`/i.exec(statement)?.[1]?.replace(/``/g, '`') ?? null;
    return { id: Number(row[1]), seconds: Number(row[2]) || 0, state: fromHex(row[3] ?? ''), statement, table };
  }
}

/** The table a lock wait names, for messages ("?" when the statement names none). */
function tableOf(wait: LockWait): string {
  return wait.table ? quoteIdentifier(wait.table) : '?';
}

/** `mysql-lock-wait`: the dump waited too long for a lock another connection held. */
export function lockWaitError(database: string, wait: LockWait, limits: LockWaitLimits, detail?: string): KuraError {
  return new KuraError({
    code: 'mysql-lock-wait',
    params: { database: quoteIdentifier(database), waited: wait.seconds * 1000, state: wait.state, table: tableOf(wait), limit: limits.giveUpAfterMs },
    category: 'resource',
    detail,
  });
}
