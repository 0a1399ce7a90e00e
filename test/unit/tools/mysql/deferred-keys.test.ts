/**
 * deferKeys on CREATE TABLE statements in the shapes SHOW CREATE TABLE writes (the integration test
 * parallel-restore.test.ts checks that the server ends with the very same SHOW CREATE TABLE): which
 * keys leave the statement and come back by ALTER TABLE, which stay, and that text inside strings,
 * comments and names never confuses it.
 */
import { describe, expect, it } from 'vitest';
import { addBackSql, deferKeys, DeferKeysTransform } from '../../../../electron/engine/tools/mysql/deferred-keys.js';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';

const HEADER = `/*!40101 SET NAMES utf8mb4 */;\n/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n`;

function run(sql: string) {
  const r = deferKeys(Buffer.from(HEADER + sql));
  const tables = Object.fromEntries(
    [...r.tables].map(([name, t]) => [name, { keys: t.keys.map((b) => b.toString()), foreignKeys: t.foreignKeys.map((b) => b.toString()), alter: addBackSql(t.nameSql, t.keys)?.toString() ?? null }]),
  );
  return { sql: r.sql.toString().slice(HEADER.length), tables };
}

const ORDERS = `DROP TABLE IF EXISTS \`orders\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
CREATE TABLE \`orders\` (
  \`id\` int(11) NOT NULL AUTO_INCREMENT,
  \`customer_id\` int(11) NOT NULL,
  \`note\` varchar(200) DEFAULT 'KEY \`x\` (\`y\`), CONSTRAINT; (' COMMENT 'PRIMARY KEY, ) ;',
  PRIMARY KEY (\`id\`),
  UNIQUE KEY \`u_note\` (\`note\`(20)),
  KEY \`k_total\` (\`customer_id\` DESC,\`id\`) COMMENT 'a; b)',
  KEY \`fk_customer\` (\`customer_id\`) IGNORED,
  CONSTRAINT \`fk_customer\` FOREIGN KEY (\`customer_id\`) REFERENCES \`customers\` (\`id\`) ON DELETE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
`;

describe('deferKeys', () => {
  it('takes the secondary keys and foreign keys out, verbatim, and leaves everything else byte for byte', () => {
    const r = run(ORDERS);
    expect(r.sql).toBe(
      ORDERS.replace(/,\n {2}UNIQUE KEY[^]*ON DELETE CASCADE\n/, '\n'),
    );
    expect(r.sql).toContain("COMMENT 'PRIMARY KEY, ) ;',\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB");
    expect(r.tables['orders']).toEqual({
      keys: ['UNIQUE KEY `u_note` (`note`(20))', "KEY `k_total` (`customer_id` DESC,`id`) COMMENT 'a; b)'", 'KEY `fk_customer` (`customer_id`) IGNORED'],
      foreignKeys: ['CONSTRAINT `fk_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE'],
      alter: "ALTER TABLE `orders` ADD UNIQUE KEY `u_note` (`note`(20)), ADD KEY `k_total` (`customer_id` DESC,`id`) COMMENT 'a; b)', ADD KEY `fk_customer` (`customer_id`) IGNORED;\n",
    });
  });

  it('keeps FULLTEXT, SPATIAL, long UNIQUE and the key an AUTO_INCREMENT column needs, and only defers keys after the last one kept', () => {
    const r = run(`CREATE TABLE \`t\` (
  \`grp\` int(11) NOT NULL,
  \`id\` int(11) NOT NULL AUTO_INCREMENT,
  \`body\` text DEFAULT NULL,
  \`loc\` point NOT NULL,
  \`b\` blob DEFAULT NULL,
  PRIMARY KEY (\`grp\`,\`id\`),
  UNIQUE KEY \`u_b\` (\`b\`) USING HASH,
  KEY \`k_before\` (\`grp\`),
  KEY \`k_id\` (\`id\`),
  SPATIAL KEY \`sp\` (\`loc\`),
  KEY \`k_after\` (\`grp\`,\`body\`(10)),
  FULLTEXT KEY \`ft\` (\`body\`)
) ENGINE=InnoDB;
`);
    expect(r.tables['t']?.keys).toEqual(['KEY `k_after` (`grp`,`body`(10))']);
    expect(r.sql).toContain('SPATIAL KEY `sp` (`loc`),\n  FULLTEXT KEY `ft` (`body`)\n) ENGINE=InnoDB;');
    expect(r.sql).toContain('KEY `k_before` (`grp`),\n  KEY `k_id` (`id`),');
  });

  it('leaves a table alone when it is not plain InnoDB or holds something it does not know', () => {
    const tables = [
      'CREATE TABLE `m` (\n  `a` int(11) NOT NULL,\n  KEY `k` (`a`)\n) ENGINE=MyISAM;\n',
      'CREATE TABLE `p` (\n  `a` int(11) NOT NULL,\n  KEY `k` (`a`)\n) ENGINE=InnoDB\n PARTITION BY HASH (`a`)\nPARTITIONS 4;\n',
      'CREATE TABLE `v` (\n  `a` int(11) NOT NULL,\n  KEY `k` (`a`)\n) ENGINE=InnoDB WITH SYSTEM VERSIONING;\n',
      'CREATE TABLE `w` (\n  `a` int(11) NOT NULL,\n  `s` date, `e` date, PERIOD FOR `app` (`s`, `e`),\n  KEY `k` (`a`)\n) ENGINE=InnoDB;\n',
      'CREATE TABLE `x` (\n  `a` int(11) NOT NULL,\n  KEY `k` (`a`)\n) ENGINE=InnoDB;\n'.replace('KEY `k`', 'SOMETHING `k`'),
      'CREATE TABLE `y` (\n  `a` int(11) NOT NULL,\n  PRIMARY KEY (`a`)\n) ENGINE=InnoDB;\n',
      "INSERT INTO `z` VALUES ('CREATE TABLE `q` (`a` int, KEY `k` (`a`)) ENGINE=InnoDB;');\n",
    ].join('');
    const r = run(tables);
    expect(r.tables).toEqual({});
    expect(r.sql).toBe(tables);
  });

  it('does the same through the stream stage, whatever the chunks', async () => {
    const whole = Buffer.from(HEADER + ORDERS + ORDERS.replace(/`orders`/g, '`注文`'));
    const stage = new DeferKeysTransform();
    const out: Buffer[] = [];
    const chunks = Array.from({ length: Math.ceil(whole.length / 7) }, (_, i) => whole.subarray(i * 7, i * 7 + 7));
    await pipeline(Readable.from(chunks), stage, new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }));
    expect(Buffer.concat(out).equals(deferKeys(whole).sql)).toBe(true);
    expect([...stage.tables.keys()]).toEqual(['orders', '注文']);
    expect(addBackSql(stage.tables.get('注文')!.nameSql, stage.tables.get('注文')!.foreignKeys)?.toString()).toBe(
      'ALTER TABLE `注文` ADD CONSTRAINT `fk_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE;\n',
    );
  });
});
