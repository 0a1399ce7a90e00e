/**
 * The parallel multi-member gzip in the real backup path: a MariaDB dump written by dumpDatabase
 * (whose default compressor it is) passes `gzip -t`, restores with the admin's own
 * `gunzip -c dump.sql.gz | mysql db`, and verifyDumpFile (Node's zlib) reads it whole.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { detectMysqlClient, dumpDatabase, parallelGzipCompressor, verifyDumpFile } from '../../../electron/engine/tools/mysql/index.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { sha256File } from '../../../electron/engine/util/sha256.js';
import { createBackupUser, startMariaDb, type MariaDbServer } from '../../harness/mariadb.js';
import { tempDir } from '../../harness/tmp.js';

describe('parallel gzip dump → gunzip | mysql', () => {
  let server: MariaDbServer;
  let work: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    [server, work] = await Promise.all([startMariaDb(), tempDir('kura-pgzip-dump-')]);
    await server.sql(`
      CREATE DATABASE shop CHARACTER SET utf8mb4;
      USE shop;
      CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(100), body TEXT) ENGINE=InnoDB;
      INSERT INTO items SELECT seq, CONCAT('商品 ', seq, ' 🍣'), REPEAT(CONCAT(MD5(seq), ' お茶 '), 20) FROM seq_1_to_30000;
      CREATE DATABASE copy CHARACTER SET utf8mb4;
    `);
    await createBackupUser(server, { user: 'backup', password: 'pw-1', database: 'shop' });
  });
  afterAll(async () => {
    await server?.stop();
    await work?.cleanup();
  });

  it.each([1, 6])('level %i: many members, gzip -t ok, restores with gunzip -c | mariadb, same rows', async (level) => {
    const client = await detectMysqlClient(createToolResolver());
    const outFile = join(work.path, `shop-${level}.sql.gz`);
    const res = await dumpDatabase({
      client,
      target: { host: '127.0.0.1', port: server.port, user: 'backup', password: 'pw-1' },
      database: 'shop',
      outFile,
      level,
      compressor: parallelGzipCompressor,
    });
    expect(res.uncompressedBytes).toBeGreaterThan(3 * 1024 * 1024); // several members (512 KiB blocks)
    expect(await sha256File(outFile)).toBe(res.sha256);
    expect((await runProcess({ file: 'gzip', args: ['-t', outFile] })).exitCode).toBe(0);
    expect(await verifyDumpFile(outFile)).toEqual({ sha256: res.sha256, bytes: res.bytes, uncompressedBytes: res.uncompressedBytes });

    await server.sql('DROP DATABASE IF EXISTS copy; CREATE DATABASE copy CHARACTER SET utf8mb4;');
    const restore = await runProcess({
      file: 'bash',
      args: ['-o', 'pipefail', '-c', 'gunzip -c "$1" | mariadb --no-defaults --user=root --socket="$2" copy', 'x', outFile, server.socket],
    });
    expect(restore.exitCode, restore.stderr).toBe(0);
    const [original, copied] = await Promise.all([
      server.sql('SELECT COUNT(*), SUM(CRC32(CONCAT(id, name, body))) FROM items', 'shop'),
      server.sql('SELECT COUNT(*), SUM(CRC32(CONCAT(id, name, body))) FROM items', 'copy'),
    ]);
    expect(copied).toBe(original);
    expect(original.split('\t')[0]).toBe('30000');
  });
});
