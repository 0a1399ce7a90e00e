/**
 * The dump's parts (issue 20, tools/mysql/dump-sections.ts): while dumping, each table's schema, data
 * and triggers start their own gzip member and the manifest records where. What must hold:
 *   - the file is still one plain .sql.gz: `gunzip -c | mariadb` by hand restores every table identical;
 *   - every part inflated alone from its offset is exactly its slice of the SQL (so a restore may read
 *     any table directly), and the parts cover the file and the SQL without a gap;
 *   - text in a routine body that looks like mysqldump's section comments does not cut the dump;
 *   - the cut is the same whatever the chunking of mysqldump's output;
 *   - a compressor that cannot cut leaves the dump without parts (restored serially, as before).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParallelGzip } from '../../../electron/engine/compress/parallel-gzip.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import {
  checkParts,
  DumpSectionScanner,
  dumpDatabase,
  gzipCompressor,
  LineAligner,
  type DumpPart,
  type MysqlClient,
  type MysqlDumpResult,
  type MysqlTarget,
  detectMysqlClient,
  verifyDumpFile,
} from '../../../electron/engine/tools/mysql/index.js';
import { awkwardShopSql, PARALLEL_SHOP_TABLES, parallelShopSql, tableChecksums } from '../../harness/mysql-shop.js';
import { type MariaDbServer, startMariaDb } from '../../harness/mariadb.js';
import { tempDir } from '../../harness/tmp.js';

const DB = 'par shop';
let server: MariaDbServer;
let client: MysqlClient;
let work: Awaited<ReturnType<typeof tempDir>>;
let file: string;
let dump: MysqlDumpResult;
const root = (): MysqlTarget => ({ host: '127.0.0.1', port: server.port, user: 'kroot', password: 'kroot-pw' });

const checksums = (db: string, tables: readonly string[]) => tableChecksums(server, db, tables);

beforeAll(async () => {
  [server, client, work] = await Promise.all([startMariaDb({ serverOptions: ['--max-allowed-packet=64M'] }), detectMysqlClient(createToolResolver()), tempDir('kura-parts-')]);
  await server.sql(`CREATE USER 'kroot'@'%' IDENTIFIED BY 'kroot-pw'; GRANT ALL PRIVILEGES ON *.* TO 'kroot'@'%' WITH GRANT OPTION;`);
  await server.sql(parallelShopSql(DB));
  file = join(work.path, 'par.sql.gz');
  dump = await dumpDatabase({ client, target: root(), database: DB, outFile: file, level: 1 });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await work?.cleanup();
});

describe('a dump cut into parts', () => {
  it('records schema, data and triggers for every table, the views, routines, events, a header and a footer', () => {
    const parts = dump.parts!;
    expect(parts, 'the dump has parts').toBeDefined();
    expect(parts[0]!.kind).toBe('header');
    expect(parts.at(-1)!.kind).toBe('footer');
    expect(parts.filter((p) => p.kind === 'schema').map((p) => p.name).sort()).toEqual([...PARALLEL_SHOP_TABLES].sort());
    expect(parts.filter((p) => p.kind === 'data').map((p) => p.name).sort()).toEqual([...PARALLEL_SHOP_TABLES].sort());
    expect(parts.filter((p) => p.kind === 'triggers').map((p) => p.name).sort()).toEqual([...PARALLEL_SHOP_TABLES].sort());
    expect(parts.filter((p) => p.kind === 'view').map((p) => p.name).sort()).toEqual(['v_big', 'v_totals']);
    expect(parts.filter((p) => p.kind === 'events' || p.kind === 'routines').map((p) => p.kind)).toEqual(['events', 'routines']);
    expect(checkParts(parts, { bytes: dump.bytes, sqlBytes: dump.uncompressedBytes }, dump)).toBeNull();
  });

  it('lets every part be inflated alone from its offset, giving exactly its slice of the SQL', async () => {
    const gz = await readFile(file);
    const sql = gunzipSync(gz);
    let at = 0;
    for (const p of dump.parts!) {
      const alone = gunzipSync(gz.subarray(p.offset, p.offset + p.bytes));
      expect(alone.length, `${p.kind} ${p.name ?? ''}`).toBe(p.sqlBytes);
      expect(alone.equals(sql.subarray(at, at + p.sqlBytes)), `${p.kind} ${p.name ?? ''}`).toBe(true);
      at += p.sqlBytes;
    }
    expect(at).toBe(sql.length);
    const text = (p: DumpPart) => gunzipSync(gz.subarray(p.offset, p.offset + p.bytes)).toString('utf8');
    const orders = (kind: DumpPart['kind']) => dump.parts!.find((p) => p.kind === kind && p.name === 'orders')!;
    expect(text(orders('schema'))).toMatch(/^-- Table structure for table `orders`\n/);
    expect(text(orders('data'))).toMatch(/^-- Dumping data for table `orders`\n[\s\S]*\nUNLOCK TABLES;\n$/);
    expect(text(orders('triggers'))).toContain('TRIGGER orders_ai');
    expect(text(orders('data'))).not.toContain('TRIGGER');
    // The function's body with its fake section comments stays inside the routines part.
    expect(text(dump.parts!.find((p) => p.kind === 'routines')!)).toContain('-- Table structure for table `fake`');
  });

  it('is still one plain .sql.gz: gunzip -c | mariadb by hand restores every table identical', async () => {
    await server.sql('CREATE DATABASE `by hand` CHARACTER SET utf8mb4');
    const r = await runProcess({
      file: 'sh',
      args: ['-c', 'gunzip -c "$1" | mariadb --no-defaults --user=root --socket="$2" --max-allowed-packet=64M "$3"', 'sh', file, server.socket, 'by hand'],
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await runProcess({ file: 'gzip', args: ['-t', file] })).exitCode).toBe(0);
    // kura verify's own check of a dump reads it as one stream, as before.
    expect((await verifyDumpFile(file)).uncompressedBytes).toBe(dump.uncompressedBytes);
    const [a, b] = await Promise.all([checksums(DB, PARALLEL_SHOP_TABLES), checksums('by hand', PARALLEL_SHOP_TABLES)]);
    expect(b).toEqual(a);
    expect(a).not.toContain('NULL');
  });

  it('cuts at the same places whatever the chunking of the stream', async () => {
    const sql = gunzipSync(await readFile(file));
    // 1-byte to 5-byte chunks through the first part of the file, then bigger ones.
    const chunks: Buffer[] = [];
    let i = 0;
    for (let size = 1; i < sql.length; size = size >= 70_001 ? 3 : size * 7 + 1) {
      chunks.push(sql.subarray(i, i + size));
      i += size;
    }
    const scanner = new DumpSectionScanner();
    const gzip = new ParallelGzip({ level: 1, blockBytes: 64 * 1024, cutPoints: scanner.feed });
    const out: Buffer[] = [];
    await pipeline(Readable.from(chunks), new LineAligner(), gzip, new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }));
    const gz = Buffer.concat(out);
    const result = scanner.result(gzip.cuts(), { sqlBytes: sql.length, bytes: gz.length }, dump);
    expect(result.parts).not.toBeNull();
    const shape = (parts: readonly DumpPart[]) => parts.map((p) => `${p.kind}:${p.name ?? ''}:${p.sqlBytes}`);
    expect(shape(result.parts!)).toEqual(shape(dump.parts!));
    for (const p of result.parts!) expect(gunzipSync(gz.subarray(p.offset, p.offset + p.bytes)).length).toBe(p.sqlBytes);
  });

  it('has no parts when the compressor cannot cut (dumps restore serially then)', async () => {
    await server.sql(awkwardShopSql('plain'));
    const plain = await dumpDatabase({ client, target: root(), database: 'plain', outFile: join(work.path, 'plain.sql.gz'), level: 1, compressor: gzipCompressor });
    expect(plain.parts).toBeUndefined();
  });

  it('refuses parts that do not cover the file or tell another story', () => {
    const parts = dump.parts!;
    const totals = { bytes: dump.bytes, sqlBytes: dump.uncompressedBytes };
    const i = parts.findIndex((p) => p.kind === 'data' && p.name === 'orders');
    const moved = parts.map((p, k) => (k === i ? { ...p, offset: p.offset + 1, bytes: p.bytes - 1 } : k === i - 1 ? { ...p, bytes: p.bytes + 1 } : p));
    expect(checkParts(moved, totals, dump)).toBeNull(); // still covers the file: the restore's own check catches it
    expect(checkParts(parts.map((p, k) => (k === i ? { ...p, offset: p.offset + 1 } : p)), totals, dump)).toMatch(/begins at/);
    expect(checkParts(parts.map((p, k) => (k === i ? { ...p, name: 'customers' } : p)), totals, dump)).toMatch(/right after its schema/);
    expect(checkParts(parts.filter((p) => p.kind !== 'footer'), totals, dump)).toMatch(/footer/);
    expect(checkParts(parts, totals, { ...dump, tables: [...dump.tables, 'missing'] })).toMatch(/every table/);
  });
});
