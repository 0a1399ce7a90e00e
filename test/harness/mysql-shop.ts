/**
 * The small, awkward shop database the MySQL dump and restore tests share: a table called `order`
 * with a Japanese column and every byte value in a BLOB, a Japanese table name, a MyISAM table, and
 * one of each object type (view, function, procedure, trigger, event).
 */
import { quoteIdentifier } from '../../electron/engine/tools/mysql/grants.js';
import type { MariaDbServer } from './mariadb.js';

/** All 256 byte values, so the BLOB round-trip covers NUL, CR/LF, quotes, backslash and non-UTF-8. */
export const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/**
 * SQL that creates `database` and fills it. `firstNote` is the note of order 1 (the restore tests
 * put a DEFINER-looking text there, which --strip-definers must leave alone).
 */
export function awkwardShopSql(database: string, firstNote = 'ご注文ありがとうございます 🍣🍺'): string {
  const db = quoteIdentifier(database);
  const note = firstNote.replace(/\\/g, '\\\\').replace(/'/g, "''");
  return `
    CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    USE ${db};
    CREATE TABLE \`order\` (id INT PRIMARY KEY AUTO_INCREMENT, \`顧客名\` VARCHAR(100) NOT NULL, note TEXT, total DECIMAL(10,2), photo LONGBLOB) ENGINE=InnoDB;
    CREATE TABLE \`商品\` (sku VARCHAR(32) PRIMARY KEY, name VARCHAR(200), price INT) ENGINE=InnoDB;
    CREATE TABLE log_myisam (id INT PRIMARY KEY, msg VARCHAR(50)) ENGINE=MyISAM;
    INSERT INTO \`order\` (\`顧客名\`, note, total, photo) VALUES
      ('田中 太郎', '${note}', 1234.50, UNHEX('${ALL_BYTES.toString('hex')}')),
      ('O''Brien', 'quote '' double " back\\\\slash\\nnew line\\ttab', 0.01, NULL),
      ('空', NULL, NULL, '');
    INSERT INTO \`商品\` VALUES ('SKU-1', '抹茶 🍵', 500), ('SKU-2', 'せんべい', 300);
    INSERT INTO log_myisam VALUES (1, 'hello');
    CREATE VIEW \`v_注文\` AS SELECT id, \`顧客名\` FROM \`order\`;
    CREATE FUNCTION f_tax(p INT) RETURNS INT DETERMINISTIC RETURN p * 110 DIV 100;
    CREATE PROCEDURE p_count() SELECT COUNT(*) FROM \`order\`;
    CREATE TRIGGER order_bi BEFORE INSERT ON \`order\` FOR EACH ROW SET NEW.note = COALESCE(NEW.note, '（なし）');
    CREATE EVENT ev_cleanup ON SCHEDULE EVERY 1 DAY DO DELETE FROM \`order\` WHERE id < 0;
  `;
}

/**
 * A shop with what a parallel restore must get right (issue 20): foreign keys between tables, generated
 * columns (stored and virtual), FULLTEXT and SPATIAL indexes, a row over 16 MiB (the server needs
 * --max-allowed-packet=64M), a MyISAM table a trigger writes to, an empty table, a table name with a
 * space and one in Japanese, tables with every kind of key SHOW CREATE TABLE can show (unique, prefix, DESC,
 * IGNORED, commented, Japanese-named, an AUTO_INCREMENT column second in the primary key), a view across tables, a function, a procedure, triggers and an event —
 * and a function whose body holds lines that look exactly like mysqldump's section comments.
 */
export function parallelShopSql(database: string): string {
  const db = quoteIdentifier(database);
  return `
    CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    USE ${db};
    CREATE TABLE customers (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(100) NOT NULL, email VARCHAR(200), bio TEXT, loc POINT NOT NULL,
      name_upper VARCHAR(100) AS (UPPER(name)) STORED, name_len INT AS (CHAR_LENGTH(name)) VIRTUAL,
      FULLTEXT KEY ft_bio (bio), SPATIAL KEY sp_loc (loc), KEY k_email (email)) ENGINE=InnoDB;
    CREATE TABLE orders (id INT PRIMARY KEY AUTO_INCREMENT, customer_id INT NOT NULL, total DECIMAL(10,2), note VARCHAR(200),
      KEY k_total (total), CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE) ENGINE=InnoDB;
    CREATE TABLE \`order items\` (order_id INT NOT NULL, sku VARCHAR(20) NOT NULL, qty INT, PRIMARY KEY (order_id, sku),
      CONSTRAINT fk_order FOREIGN KEY (order_id) REFERENCES orders (id)) ENGINE=InnoDB;
    CREATE TABLE blobs (id INT PRIMARY KEY, data LONGBLOB) ENGINE=InnoDB;
    CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(200)) ENGINE=MyISAM;
    CREATE TABLE \`empty\` (id INT PRIMARY KEY) ENGINE=InnoDB;
    CREATE TABLE \`商品\` (sku VARCHAR(32) PRIMARY KEY, name VARCHAR(200), price INT) ENGINE=InnoDB;
    CREATE TABLE keyed (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, code VARCHAR(40) NOT NULL,
      title VARCHAR(200) COMMENT 'タイトル; with ''quote'' KEY (x)', body TEXT, score INT NOT NULL DEFAULT 0, secret VARCHAR(20) INVISIBLE,
      customer_id INT, order_id INT,
      UNIQUE KEY u_code (code), UNIQUE KEY u_title (title(20), score),
      KEY k_title_prefix (title(10)) COMMENT 'prefix; index', KEY k_score_desc (score DESC, id), KEY k_ignored (score) IGNORED,
      KEY \`k 日本\` (customer_id), FULLTEXT KEY ft_body (body),
      CONSTRAINT fk_keyed_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE SET NULL ON UPDATE CASCADE,
      CONSTRAINT a_fk_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE) ENGINE=InnoDB;
    CREATE TABLE ai_second (grp INT NOT NULL, id INT NOT NULL AUTO_INCREMENT, note VARCHAR(20), PRIMARY KEY (grp, id), KEY k_id (id), KEY k_note (note)) ENGINE=InnoDB;
    INSERT INTO customers (name, email, bio, loc) SELECT CONCAT('客 ', seq), CONCAT('c', seq, '@example.jp'), CONCAT('bio text number ', seq, ' 寿司 O''Brien \\\\ back'), POINT(seq % 90, seq % 45) FROM seq_1_to_3000;
    INSERT INTO orders (customer_id, total, note) SELECT 1 + seq % 3000, seq / 7, CONCAT('note ', seq) FROM seq_1_to_20000;
    INSERT INTO \`order items\` SELECT 1 + seq % 20000, CONCAT('SKU-', seq), seq % 5 FROM seq_1_to_30000;
    INSERT INTO blobs VALUES (1, 'small'), (2, REPEAT(RANDOM_BYTES(1024), 17 * 1024)), (3, UNHEX('${ALL_BYTES.toString('hex')}'));
    INSERT INTO keyed (code, title, body, score, secret, customer_id, order_id) SELECT CONCAT('code-', seq), IF(seq % 10 = 0, NULL, CONCAT('題名 ', seq)),
      CONCAT('body ', seq), seq % 97, 's', 1 + seq % 3000, IF(seq % 3 = 0, NULL, 1 + seq % 20000) FROM seq_1_to_2000;
    INSERT INTO ai_second (grp, note) SELECT seq % 5, CONCAT('n', seq) FROM seq_1_to_500;
    INSERT INTO audit (msg) VALUES ('before the backup');
    INSERT INTO \`商品\` VALUES ('SKU-1', '抹茶 🍵', 500), ('SKU-2', 'せんべい', 300);
    CREATE VIEW v_totals AS SELECT c.id, c.name, SUM(o.total) AS total FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.name;
    CREATE VIEW v_big AS SELECT id, total FROM v_totals WHERE total > 100;
    CREATE FUNCTION f_label() RETURNS TEXT DETERMINISTIC RETURN '
-- Table structure for table \`fake\`
-- Dumping data for table \`fake\`
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
';
    CREATE PROCEDURE p_count() SELECT COUNT(*) FROM orders;
    CREATE TRIGGER orders_bi BEFORE INSERT ON orders FOR EACH ROW SET NEW.note = COALESCE(NEW.note, '（なし）');
    CREATE TRIGGER orders_ai AFTER INSERT ON orders FOR EACH ROW INSERT INTO audit (msg) VALUES (CONCAT('order ', NEW.id));
    CREATE EVENT ev_purge ON SCHEDULE EVERY 1 DAY DO DELETE FROM audit WHERE id < 0;
  `;
}

/** The base tables of parallelShopSql's database. */
export const PARALLEL_SHOP_TABLES = ['ai_second', 'audit', 'blobs', 'customers', 'empty', 'keyed', 'order items', 'orders', '商品'] as const;

/** `CHECKSUM TABLE … EXTENDED` of `tables` in `db`, in that order: equal sums mean equal rows. */
export async function tableChecksums(server: MariaDbServer, db: string, tables: readonly string[]): Promise<string[]> {
  const out = await server.sql(`CHECKSUM TABLE ${tables.map((t) => `${quoteIdentifier(db)}.${quoteIdentifier(t)}`).join(', ')} EXTENDED;`);
  return out.trim().split('\n').map((l) => l.split('\t')[1]!);
}
