/**
 * DumpRowCounter on dumps written the way both clients write them (MariaDB: one row per line,
 * MySQL: one line per INSERT), fed whole and cut at every byte, plus the cases it must refuse to
 * guess. The integration test (test/integration/mysql/dump-row-count.test.ts) runs it on real dumps.
 */
import { describe, expect, it } from 'vitest';
import { DumpRowCounter, type RowCountResult } from '../../../../electron/engine/tools/mysql/dump-row-counter.js';

const PREAMBLE = `/*M!999999\\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: shop
-- ------------------------------------------------------
/*!40101 SET NAMES utf8mb4 */;

--
-- Table structure for table \`order\`
--

DROP TABLE IF EXISTS \`order\`;
CREATE TABLE \`order\` (
  \`id\` int(11) NOT NULL,
  \`note\` text DEFAULT 'INSERT INTO \`order\` VALUES (1);',
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB;
`;

/** Values that look like row or statement boundaries, escapes at string ends, Japanese, emoji. */
const TRICKY = [
  `(1,'plain')`,
  `(2,'a),(b')`,
  `(3,'ends with backslash \\\\')`,
  `(4,'quote \\' inside'),`.slice(0, -1),
  `(5,'O''Brien')`,
  `(6,'newline\\nthen ); and \\n-- Dumping data for table \`x\`')`,
  `(7,NULL)`,
  `(8,0x00FF27285C)`,
  `(9,'注文 🍣 (テスト)')`,
  `(10,'\\\\'),`.slice(0, -1),
];

function section(table: string, insertLines: string[]): string {
  const q = '`' + table.replace(/`/g, '``') + '`';
  return `
--
-- Dumping data for table ${q}
--

LOCK TABLES ${q} WRITE;
/*!40000 ALTER TABLE ${q} DISABLE KEYS */;
${insertLines.join('\n')}${insertLines.length ? '\n' : ''}/*!40000 ALTER TABLE ${q} ENABLE KEYS */;
UNLOCK TABLES;
`;
}

/** MariaDB ≥ 10.11: `INSERT INTO t VALUES\n(…),\n(…);` */
function mariadbInsert(table: string, rows: string[]): string {
  return `INSERT INTO \`${table.replace(/`/g, '``')}\` VALUES\n${rows.join(',\n')};`;
}

/** MySQL: `INSERT INTO t VALUES (…),(…);` on one line. */
function mysqlInsert(table: string, rows: string[], columns = ''): string {
  return `INSERT INTO \`${table.replace(/`/g, '``')}\` ${columns}VALUES ${rows.join(',')};`;
}

const TRIGGERS = `DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=\`root\`@\`localhost\`*/ /*!50003 TRIGGER order_ai AFTER INSERT ON \`order\` FOR EACH ROW BEGIN
INSERT INTO \`order\` VALUES (NEW.id + 1000, 'copied');
INSERT INTO \`audit\` VALUES
(NEW.id, 'x'),
(NEW.id, 'y');
END */;;
DELIMITER ;
`;

const TRAILER = '\n-- Dump completed on 2026-11-24 12:00:00\n';

function count(text: string | Buffer, tables: string[] | null = null, cut?: number[]): RowCountResult {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const counter = new DumpRowCounter(tables);
  let from = 0;
  for (const at of [...(cut ?? []), bytes.length]) {
    // Plain Uint8Array copies: the counter must not rely on getting Buffers or pooled memory.
    counter.feed(new Uint8Array(bytes.subarray(from, at)));
    from = at;
  }
  return counter.result();
}

const mariadbDump =
  PREAMBLE +
  section('order', [mariadbInsert('order', TRICKY.slice(0, 6)), mariadbInsert('order', TRICKY.slice(6))]) +
  TRIGGERS +
  section('empty', []) +
  section('商品 `x`', [mariadbInsert('商品 `x`', [`('SKU-1','抹茶')`])]) +
  TRAILER;

const mysqlDump =
  PREAMBLE +
  section('order', [mysqlInsert('order', TRICKY.slice(0, 4)), mysqlInsert('order', TRICKY.slice(4))]) +
  TRIGGERS +
  section('empty', []) +
  section('gen', [mysqlInsert('gen', ['(1,2)', '(3,4)'], '(`a`, `b`) ')]) +
  TRAILER;

describe('DumpRowCounter', () => {
  it('counts MariaDB row-per-line dumps, not the INSERTs in trigger bodies or column defaults', () => {
    expect(count(mariadbDump)).toEqual({ kind: 'counted', counts: { order: 10, empty: 0, '商品 `x`': 1 } });
  });

  it('counts MySQL one-line INSERTs, with and without a column list', () => {
    expect(count(mysqlDump)).toEqual({ kind: 'counted', counts: { order: 10, empty: 0, gen: 2 } });
  });

  it('gives the same counts whatever the chunk boundaries (every split point)', () => {
    for (const dump of [mariadbDump, mysqlDump]) {
      const bytes = Buffer.from(dump, 'utf8');
      const whole = count(bytes);
      for (let at = 1; at < bytes.length; at++) expect(count(bytes, null, [at]), `split at ${at}`).toEqual(whole);
      // Byte by byte: every state is entered at a chunk start.
      const each = Array.from({ length: bytes.length - 1 }, (_, k) => k + 1);
      expect(count(bytes, null, each)).toEqual(whole);
    }
  });

  it('counts every row of a line that holds several, whatever the format around it', () => {
    const mixed = PREAMBLE + section('t', ["INSERT INTO `t` VALUES\n(1,'a'),(2,'),('),\n(3,'c'),(4,'d');"]) + TRAILER;
    expect(count(mixed)).toEqual({ kind: 'counted', counts: { t: 4 } });
  });

  it('counts only the tables it is told about', () => {
    expect(count(mariadbDump, ['order'])).toEqual({ kind: 'counted', counts: { order: 10 } });
  });

  it('is unsure when an INSERT does not end (a dump cut short)', () => {
    const cut = mariadbDump.slice(0, mariadbDump.indexOf("(5,'O''Brien')"));
    expect(count(cut)).toMatchObject({ kind: 'unsure', reason: 'the INSERT for `order` does not end' });
  });

  it('is unsure when a table has two data sections', () => {
    expect(count(PREAMBLE + section('t', [mariadbInsert('t', ['(1)'])]) + section('t', []) + TRAILER)).toMatchObject({
      kind: 'unsure',
      reason: 'the data of `t` appears twice',
    });
  });

  it('is unsure when an INSERT names another table than its data section', () => {
    expect(count(PREAMBLE + section('t', [mariadbInsert('u', ['(1)'])]) + TRAILER)).toMatchObject({
      kind: 'unsure',
      reason: 'an INSERT for `u` is in the data of `t`',
    });
  });

  it('is unsure about an INSERT header it cannot read, and about unbalanced parentheses', () => {
    expect(count(PREAMBLE + section('t', ['INSERT INTO `t` SET a = 1, b = 2 VALUES\n(1);']) + TRAILER)).toMatchObject({ kind: 'unsure' });
    expect(count(PREAMBLE + section('t', ['INSERT INTO `t` VALUES (1)),(2);']) + TRAILER)).toMatchObject({
      kind: 'unsure',
      reason: 'unbalanced parentheses in the data of `t`',
    });
  });

  it('ends a data section at UNLOCK TABLES and at any unexpected line', () => {
    // After UNLOCK TABLES an INSERT line (here: from a routine body) is not data.
    const after = PREAMBLE + section('t', [mariadbInsert('t', ['(1)'])]) + 'INSERT INTO `t` VALUES (2);\n' + TRAILER;
    expect(count(after)).toEqual({ kind: 'counted', counts: { t: 1 } });
    const odd = PREAMBLE + '--\n-- Dumping data for table `t`\n--\n\nSELECT 1;\nINSERT INTO `t` VALUES (2);\n' + TRAILER;
    expect(count(odd)).toEqual({ kind: 'counted', counts: { t: 0 } });
  });

  it('handles a large MariaDB dump and a row longer than a chunk', () => {
    const rows = Array.from({ length: 5000 }, (_, k) => `(${k},'${'寿司'.repeat(k % 50)}\\'),(\\\\')`);
    const big = `(5000,'${'x'.repeat(300_000)}')`;
    const dump = PREAMBLE + section('t', [mariadbInsert('t', rows), mariadbInsert('t', [big, '(5001,NULL)'])]) + TRAILER;
    const bytes = Buffer.from(dump, 'utf8');
    const cuts = Array.from({ length: Math.floor(bytes.length / 65_536) }, (_, k) => (k + 1) * 65_536 - 7);
    expect(count(bytes, null, cuts)).toEqual({ kind: 'counted', counts: { t: 5002 } });
  });
});
