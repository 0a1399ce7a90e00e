/**
 * The manifest's row counts come from the dump stream (DumpRowCounter). Against a real MariaDB
 * server and the real mariadb-dump: values built to look like row and statement boundaries, a
 * trigger and a procedure whose bodies contain INSERT lines, a table name with a backtick, an
 * empty table, a generated column (which makes the client write a column list) — every count must
 * equal the server's COUNT(*), without falling back to counting on the server.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLevel, Logger } from '../../../electron/engine/progress.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectMysqlClient, dumpDatabase, type MysqlClient } from '../../../electron/engine/tools/mysql/index.js';
import { createBackupUser, type MariaDbServer, startMariaDb } from '../../harness/mariadb.js';
import { tempDir } from '../../harness/tmp.js';

const DB = 'counts';
const PASSWORD = 'count-pw';

let server: MariaDbServer;
let client: MysqlClient;
let work: { path: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  [server, client, work] = await Promise.all([startMariaDb(), detectMysqlClient(createToolResolver()), tempDir('kura-rowcount-it-')]);
  await server.sql(`
    CREATE DATABASE ${DB} CHARACTER SET utf8mb4;
    USE ${DB};
    CREATE TABLE tricky (id INT PRIMARY KEY, s TEXT, b BLOB) ENGINE=InnoDB;
    INSERT INTO tricky VALUES
      (1, 'a),(b', NULL),
      (2, ');\\nINSERT INTO \`tricky\` VALUES (99,''x'');', UNHEX('0A28292C3B27')),
      (3, 'ends with a backslash \\\\', ''),
      (4, CONCAT('raw newline', CHAR(10), '-- Dumping data for table \`tricky\`', CHAR(10), 'UNLOCK TABLES;'), NULL),
      (5, 'O''Brien said "hi" 🍣 注文 (テスト)', UNHEX('5C5C27')),
      (6, NULL, NULL);
    CREATE TABLE \`we\`\`ird name\` (k VARCHAR(10) PRIMARY KEY) ENGINE=InnoDB;
    INSERT INTO \`we\`\`ird name\` VALUES ('x'), ('y'), ('z');
    CREATE TABLE empty_one (id INT PRIMARY KEY) ENGINE=InnoDB;
    CREATE TABLE gen (a INT, b INT AS (a * 2) VIRTUAL) ENGINE=InnoDB;
    INSERT INTO gen (a) VALUES (1), (2), (3), (4);
    CREATE TABLE audit (id INT, note VARCHAR(20)) ENGINE=InnoDB;
    CREATE TABLE many (id INT PRIMARY KEY, payload VARCHAR(100)) ENGINE=InnoDB;
    INSERT INTO many SELECT seq, CONCAT('row ', seq, ' ),( ''q'' \\\\') FROM seq_1_to_120000;
    DELIMITER ;;
    CREATE TRIGGER tricky_ai AFTER INSERT ON tricky FOR EACH ROW BEGIN
    INSERT INTO \`audit\` VALUES
    (NEW.id, 'one'),
    (NEW.id, 'two');
    END;;
    CREATE PROCEDURE fill()
    BEGIN
    INSERT INTO \`tricky\` VALUES (100, 'from the procedure', NULL);
    END;;
    DELIMITER ;
  `);
  await createBackupUser(server, { user: 'backup', password: PASSWORD, database: DB });
  await server.sql(`GRANT SELECT ON mysql.proc TO 'backup'@'%';`);
});

afterAll(async () => {
  await server?.stop();
  await work?.cleanup();
});

describe('row counts taken from the dump stream', () => {
  it('equal COUNT(*) for every table, at both compression levels, with no fallback', async () => {
    const expected: Record<string, number> = {};
    for (const line of (
      await server.sql(
        "SELECT 'tricky', COUNT(*) FROM tricky; SELECT 'we`ird name', COUNT(*) FROM `we``ird name`; SELECT 'empty_one', COUNT(*) FROM empty_one; " +
          "SELECT 'gen', COUNT(*) FROM gen; SELECT 'audit', COUNT(*) FROM audit; SELECT 'many', COUNT(*) FROM many;",
        DB,
      )
    )
      .trim()
      .split('\n')) {
      const [name, n] = line.split('\t');
      expected[name!] = Number(n);
    }
    expect(expected).toEqual({ tricky: 6, 'we`ird name': 3, empty_one: 0, gen: 4, audit: 0, many: 120_000 });

    for (const level of [1, 6]) {
      const lines: { level: LogLevel; message: string }[] = [];
      const logger: Logger = { log: (l, message) => lines.push({ level: l, message }) };
      const res = await dumpDatabase({
        client,
        target: { host: '127.0.0.1', port: server.port, user: 'backup', password: PASSWORD },
        database: DB,
        outFile: join(work.path, `counts-${level}.sql.gz`),
        level,
        logger,
      });
      expect(res.rowCounts, `level ${level}`).toEqual(expected);
      expect(lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
    }
  });
});
