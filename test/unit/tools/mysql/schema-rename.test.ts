/**
 * The rename rewriter statement by statement: what is a qualifier of the original database (rewritten),
 * what only looks like one (strings, comments, variables, account hosts, columns, data rows), what is
 * ambiguous (refused), and that chunk boundaries anywhere give the same bytes. The whole-dump behaviour
 * against a real server is in test/integration/restore/rename-restore.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { SchemaRenameTransform } from '../../../../electron/engine/tools/mysql/schema-rename.js';
import { LargestStatementWatcher } from '../../../../electron/engine/tools/mysql/statement-size.js';
import { tokenizeStatement } from '../../../../electron/engine/tools/mysql/sql-tokenizer.js';

async function rename(sql: string | Buffer, from = 'shop', to = 'shop_copy', chunk = 0): Promise<{ out: string; t: SchemaRenameTransform }> {
  const t = new SchemaRenameTransform({ from, to, failOnProblem: false });
  const parts: Buffer[] = [];
  t.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise((r) => t.on('end', r));
  const data = Buffer.isBuffer(sql) ? sql : Buffer.from(sql, 'utf8');
  if (chunk > 0) for (let i = 0; i < data.length; i += chunk) t.write(data.subarray(i, i + chunk));
  else t.write(data);
  t.end();
  await done;
  return { out: Buffer.concat(parts).toString('utf8'), t };
}

describe('SchemaRenameTransform', () => {
  it('rewrites qualifiers in triggers (inside executable comments), views, routines and events', async () => {
    const { out, t } = await rename(
      [
        'DELIMITER ;;',
        "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`shop.local`*/ /*!50003 TRIGGER shop.t AFTER INSERT ON shop.orders FOR EACH ROW INSERT INTO shop.log (msg) VALUES ('x') */;;",
        'DELIMITER ;',
        '/*!50001 VIEW `v` AS select `shop`.`f_count`() AS `n` from (`other`.`t` `o` join `shop`.`orders` `x` on(`x`.`id` = `o`.`id`)) */;',
        'CREATE DEFINER=`root`@`localhost` FUNCTION `f`() RETURNS int\nRETURN (SELECT COUNT(*) FROM SHOP . orders)\n;',
        '',
      ].join('\n'),
    );
    expect(out).toContain('TRIGGER `shop_copy`.t AFTER INSERT ON `shop_copy`.orders FOR EACH ROW INSERT INTO `shop_copy`.log');
    expect(out).toContain('DEFINER=`root`@`shop.local`'); // an account host, not a database
    expect(out).toContain('select `shop_copy`.`f_count`() AS `n` from (`other`.`t` `o` join `shop_copy`.`orders` `x`');
    expect(out).toContain('FROM `shop_copy` . orders'); // case-folded: SHOP is shop on servers that fold case
    expect(t.problems).toEqual([]);
    expect(t.rewrites).toBe(6);
  });

  it('rewrites ALTER DATABASE of the original name and refuses statements about any other database', async () => {
    const { out, t } = await rename('ALTER DATABASE `shop` CHARACTER SET latin1 COLLATE latin1_swedish_ci ;\nUSE `other`;\nALTER DATABASE CHARACTER SET utf8mb4;\n');
    expect(out).toContain('ALTER DATABASE `shop_copy` CHARACTER SET latin1');
    expect(out).toContain('ALTER DATABASE CHARACTER SET utf8mb4'); // the current database: nothing to change
    expect(t.problems).toEqual([{ object: { kind: 'statement', name: 'USE other' }, reason: { kind: 'other-database', database: '`other`' } }]);
  });

  it('leaves strings, comments, variables, other databases and columns alone, and reports SQL text naming the database', async () => {
    const sql = [
      'DELIMITER ;;',
      'CREATE PROCEDURE `p`()',
      'BEGIN',
      "  -- shop.orders is read below; # shop.x",
      "  /* shop.log */ SET @shop = 'shop.orders'; SET @s = CONCAT('SELECT * FROM `shop`.t');",
      '  SELECT myshop.x, other.shop, NEW.shop FROM t WHERE note = "shop.x" AND shop = 1;',
      'END ;;',
      'DELIMITER ;',
      '',
    ].join('\n');
    const { out, t } = await rename(sql);
    expect(out).toBe(sql);
    expect(t.rewrites).toBe(0);
    expect(t.literalMentions).toEqual([{ kind: 'procedure', name: 'p' }]);
  });

  it('refuses a two-part name when the same statement also uses the name as a table or alias', async () => {
    for (const body of [
      'SELECT shop.id FROM orders AS shop',
      'SELECT shop.id FROM orders shop',
      'SELECT shop.id FROM shop',
      'SELECT shop.id FROM other.shop',
    ]) {
      const { t } = await rename(`CREATE VIEW v AS ${body};\n`);
      expect(t.problems, body).toHaveLength(1);
      expect(t.problems[0]!.object).toEqual({ kind: 'view', name: 'v' });
    }
    // Three-part names and function calls are the database whatever else is there; columns do not count.
    const { out, t } = await rename('CREATE VIEW v AS SELECT shop.orders.id, shop.f(1), shop.log.shop FROM orders AS shop JOIN shop.orders o;\n');
    expect(t.problems).toHaveLength(1); // only "shop.orders o" is ambiguous here
    expect(out).toContain('`shop_copy`.orders.id, `shop_copy`.f(1), `shop_copy`.log.shop');
    const cols = await rename('CREATE TRIGGER shop.t BEFORE INSERT ON shop.orders FOR EACH ROW SET NEW.shop = (SELECT shop FROM shop.cfg WHERE shop = 1);\n');
    expect(cols.t.problems).toEqual([]);
    expect(cols.out).toContain('TRIGGER `shop_copy`.t BEFORE INSERT ON `shop_copy`.orders FOR EACH ROW SET NEW.shop = (SELECT shop FROM `shop_copy`.cfg WHERE shop = 1)');
  });

  it('passes table data through untouched, even rows that look like qualified names or SQL', async () => {
    const data = [
      'INSERT INTO `t` VALUES',
      "(1,'shop.orders; DROP DATABASE shop;\\nCREATE TRIGGER shop.x'),",
      "(2,'ALTER DATABASE `shop`');",
      "INSERT INTO `t` VALUES (3,'shop.y'),(4,'x');",
      'CREATE TABLE `u` (`shop` int);',
      '',
    ].join('\n');
    const { out, t } = await rename(data);
    expect(out).toBe(data);
    expect(t.problems).toEqual([]);
    expect(t.rewrites).toBe(0);
  });

  it('follows sql_mode: under ANSI_QUOTES "shop" is a name, under NO_BACKSLASH_ESCAPES a backslash does not escape', async () => {
    const sql = [
      "/*!50003 SET @saved_sql_mode = @@sql_mode */ ;",
      "/*!50003 SET sql_mode = 'ANSI_QUOTES' */ ;",
      'CREATE VIEW v AS SELECT "shop"."orders".id FROM "shop"."orders";',
      "/*!50003 SET sql_mode = 'NO_BACKSLASH_ESCAPES' */ ;",
      "CREATE VIEW w AS SELECT 'a\\' AS x, shop.f() AS y;",
      '/*!50003 SET sql_mode = @saved_sql_mode */ ;',
      'CREATE VIEW z AS SELECT "shop.x" AS s;',
      '',
    ].join('\n');
    const { out } = await rename(sql);
    expect(out).toContain('SELECT `shop_copy`."orders".id FROM `shop_copy`."orders"');
    expect(out).toContain("SELECT 'a\\' AS x, `shop_copy`.f() AS y");
    expect(out).toContain('SELECT "shop.x" AS s'); // back to the default: a string
  });

  it('handles names with quotes, backticks, brackets and Japanese, on both sides', async () => {
    const from = "ショップ's [本店]`x";
    const to = "コピー's `y";
    const { out, t } = await rename("CREATE TRIGGER `ショップ's [本店]``x`.t AFTER INSERT ON `ショップ's [本店]``x`.o FOR EACH ROW SET @a = 1;\n", from, to);
    expect(t.problems).toEqual([]);
    expect(out).toBe("CREATE TRIGGER `コピー's ``y`.t AFTER INSERT ON `コピー's ``y`.o FOR EACH ROW SET @a = 1;\n");
  });

  it('gives the same bytes whatever the chunk boundaries', async () => {
    const sql = Buffer.from(
      [
        '/*M!999999\\- enable the sandbox mode */ ',
        '-- MariaDB dump',
        "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;",
        'INSERT INTO `t` VALUES',
        "(1,'a;'),",
        "(2,'寿司 shop.x');",
        'DELIMITER ;;',
        "/*!50003 CREATE*/ /*!50003 TRIGGER shop.t AFTER INSERT ON shop.o FOR EACH ROW BEGIN INSERT INTO shop.l VALUES ('寿司;;'); END */;;",
        'DELIMITER ;',
        '/* a comment */ ALTER DATABASE `shop` CHARACTER SET utf8mb4 ;',
        '-- Dump completed',
        '',
      ].join('\n'),
      'utf8',
    );
    const whole = await rename(sql);
    expect(whole.t.rewrites).toBe(4);
    for (const size of [1, 2, 3, 5, 7, 13, 64]) {
      expect((await rename(sql, 'shop', 'shop_copy', size)).out, `chunks of ${size}`).toBe(whole.out);
    }
  });
});

describe('tokenizeStatement', () => {
  it('reads executable comments as code and everything else in comments as nothing', () => {
    const tokens = tokenizeStatement(Buffer.from("/*!50003 CREATE*/ /* x */ -- y\n# z\nTRIGGER `a``b`.t @v @'h' 'str' 1.5"));
    expect(tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'word:CREATE',
      'word:TRIGGER',
      'ident:a`b',
      'punct:.',
      'word:t',
      "var:@v",
      "var:@'h'",
      'string:str',
      'number:1',
      'punct:.',
      'number:5',
    ]);
  });
});

describe('LargestStatementWatcher', () => {
  it('measures the longest statement across chunk boundaries', () => {
    const w = new LargestStatementWatcher();
    const sql = Buffer.from('SET a=1;\nINSERT INTO `t` VALUES\n(1),\n(2);\nX;\n');
    for (let i = 0; i < sql.length; i += 3) w.feed(sql.subarray(i, i + 3));
    expect(w.finish()).toBe('INSERT INTO `t` VALUES\n(1),\n(2);\n'.length);
  });
});
