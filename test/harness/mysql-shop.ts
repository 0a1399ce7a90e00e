/**
 * The small, awkward shop database the MySQL dump and restore tests share: a table called `order`
 * with a Japanese column and every byte value in a BLOB, a Japanese table name, a MyISAM table, and
 * one of each object type (view, function, procedure, trigger, event).
 */

/** All 256 byte values, so the BLOB round-trip covers NUL, CR/LF, quotes, backslash and non-UTF-8. */
export const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/**
 * SQL that creates `database` and fills it. `firstNote` is the note of order 1 (the restore tests
 * put a DEFINER-looking text there, which --strip-definers must leave alone).
 */
export function awkwardShopSql(database: string, firstNote = 'ご注文ありがとうございます 🍣🍺'): string {
  const db = '`' + database.replace(/`/g, '``') + '`';
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
