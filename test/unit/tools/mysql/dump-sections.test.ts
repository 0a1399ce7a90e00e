/**
 * DumpSectionScanner on dumps written by hand in the shapes mysqldump gives (the integration test
 * covers MariaDB's real output): MySQL 8's "Temporary view structure" and one-line INSERTs longer
 * than any chunk, any chunking, and dumps whose sections cannot be trusted (no parts, never a guess).
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ParallelGzip } from '../../../../electron/engine/compress/parallel-gzip.js';
import { DumpSectionScanner, LineAligner } from '../../../../electron/engine/tools/mysql/dump-sections.js';

const BIG_INSERT = `INSERT INTO \`orders\` VALUES ${Array.from({ length: 5000 }, (_, i) => `(${i},'-- Table structure for table \`x\`\\n')`).join(',')};`;

function mysql8Dump(tableName = 'orders'): string {
  const t = '`' + tableName.replace(/`/g, '``') + '`';
  return `-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: shop
-- ------------------------------------------------------
-- Server version\t8.0.36

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;

--
-- Table structure for table ${t}
--

DROP TABLE IF EXISTS ${t};
CREATE TABLE ${t} (id int NOT NULL, note text, PRIMARY KEY (id)) ENGINE=InnoDB;

--
-- Dumping data for table ${t}
--

LOCK TABLES ${t} WRITE;
/*!40000 ALTER TABLE ${t} DISABLE KEYS */;
${BIG_INSERT.replace('`orders`', t)}
/*!40000 ALTER TABLE ${t} ENABLE KEYS */;
UNLOCK TABLES;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=\`root\`@\`localhost\`*/ /*!50003 TRIGGER \`t_bi\` BEFORE INSERT ON ${t} FOR EACH ROW BEGIN
-- Dumping data for table \`fake\`
SET NEW.note = 'x';
END */;;
DELIMITER ;

--
-- Temporary view structure for view \`v\`
--

DROP TABLE IF EXISTS \`v\`;
/*!50001 CREATE VIEW \`v\` AS SELECT 
 1 AS \`id\`*/;

--
-- Dumping events for database 'shop'
--

--
-- Dumping routines for database 'shop'
--

--
-- Final view structure for view \`v\`
--

/*!50001 DROP VIEW IF EXISTS \`v\`*/;
/*!50001 VIEW \`v\` AS select \`orders\`.\`id\` AS \`id\` from ${t} */;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;

-- Dump completed on 2026-12-06 10:00:00
`;
}

async function cut(sql: string, chunkSize: number, objects = { tables: ['orders'], views: ['v'] }) {
  const bytes = Buffer.from(sql, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const scanner = new DumpSectionScanner();
  const gzip = new ParallelGzip({ level: 1, workers: 1, blockBytes: 16 * 1024, cutPoints: scanner.feed });
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), new LineAligner(), gzip, new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }));
  const gz = Buffer.concat(out);
  expect(gunzipSync(gz).equals(bytes)).toBe(true);
  return { gz, result: scanner.result(gzip.cuts(), { sqlBytes: bytes.length, bytes: gz.length }, objects) };
}

describe('DumpSectionScanner', () => {
  it('cuts a MySQL 8 dump into its parts, whatever the chunk size', async () => {
    for (const size of [1, 7, 100, 4096, 1 << 20]) {
      const { gz, result } = await cut(mysql8Dump(), size);
      expect(result.parts, `chunks of ${size}`).not.toBeNull();
      expect(result.parts!.map((p) => `${p.kind}${p.name ? ' ' + p.name : ''}`)).toEqual([
        'header',
        'schema orders',
        'data orders',
        'triggers orders',
        'view-stub v',
        'events',
        'routines',
        'view v',
        'footer',
      ]);
      for (const p of result.parts!) expect(gunzipSync(gz.subarray(p.offset, p.offset + p.bytes)).length).toBe(p.sqlBytes);
      const text = (k: string) => {
        const p = result.parts!.find((x) => x.kind === k)!;
        return gunzipSync(gz.subarray(p.offset, p.offset + p.bytes)).toString('utf8');
      };
      expect(text('data')).toMatch(/^-- Dumping data for table `orders`\n[\s\S]*UNLOCK TABLES;\n$/);
      expect(text('triggers')).toContain('-- Dumping data for table `fake`');
      expect(text('footer')).toMatch(/^\/\*!40103 SET TIME_ZONE=@OLD_TIME_ZONE \*\/;\n[\s\S]*-- Dump completed on/);
    }
  });

  it('reads names with backticks and Japanese', async () => {
    const { result } = await cut(mysql8Dump('注文`s'), 64, { tables: ['注文`s'], views: ['v'] });
    expect(result.parts?.filter((p) => p.name === '注文`s').map((p) => p.kind)).toEqual(['schema', 'data', 'triggers']);
  });

  it('gives no parts when the sections do not match the database, or a name cannot be read', async () => {
    expect((await cut(mysql8Dump(), 4096, { tables: ['orders', 'customers'], views: ['v'] })).result.parts).toBeNull();
    expect((await cut(mysql8Dump(), 4096, { tables: [], views: ['v'] })).result.parts).toBeNull();
    expect((await cut(mysql8Dump(), 4096, { tables: ['orders'], views: [] })).result.parts).toBeNull();
    // A table name with a line break breaks mysqldump's comment line in two.
    expect((await cut(mysql8Dump('a\nb'), 4096, { tables: ['a\nb'], views: ['v'] })).result.parts).toBeNull();
    // No footer (a dump cut short would not even get here, but never assume one).
    expect((await cut(mysql8Dump().replace('/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;', ''), 4096)).result.parts).toBeNull();
    // A second data section for the same table.
    const twice = mysql8Dump().replace('--\n-- Temporary view', '--\n-- Dumping data for table `orders`\n--\nUNLOCK TABLES;\n--\n-- Temporary view');
    expect((await cut(twice, 4096)).result.parts).toBeNull();
  });
});
