/**
 * The restore wizard lists a MySQL item's tables (rows, SQL size) only when its dump recorded where
 * each table lies and those parts add up: a table offered there must be restorable alone.
 */
import { describe, expect, it } from 'vitest';
import { snapshotItemToDto } from '../../../electron/service/dto-mapping.js';
import type { MysqlManifestItem } from '../../../electron/engine/snapshot/manifest.js';

const parts: NonNullable<MysqlManifestItem['parts']> = [
  { kind: 'header', offset: 0, bytes: 100, sqlBytes: 900 },
  { kind: 'schema', name: 'orders', offset: 100, bytes: 50, sqlBytes: 400 },
  { kind: 'data', name: 'orders', offset: 150, bytes: 1000, sqlBytes: 9000 },
  { kind: 'triggers', name: 'orders', offset: 1150, bytes: 20, sqlBytes: 100 },
  { kind: 'schema', name: 'log', offset: 1170, bytes: 30, sqlBytes: 200 },
  { kind: 'footer', offset: 1200, bytes: 40, sqlBytes: 300 },
];
const item: MysqlManifestItem = {
  source: 'db', type: 'mysql', path: 'mysql/db/shop.sql.gz', database: 'shop', bytes: 1240, sha256: 'a'.repeat(64), uncompressedBytes: 10_900,
  compression: 'gzip', serverVersion: '10.11', serverFlavour: 'mariadb', tables: ['log', 'orders'], views: [], routines: [], triggers: ['orders_ai'], events: [],
  rowCounts: { orders: 42 }, durationMs: 1, parts,
};

describe('snapshotItemToDto, MySQL tables', () => {
  it('lists each table with its rows and the SQL of its schema, data and triggers', () => {
    expect(snapshotItemToDto(item).tables).toEqual([
      { name: 'orders', rows: 42, sqlBytes: 9500 },
      { name: 'log', rows: null, sqlBytes: 200 },
    ]);
  });

  it('lists none without parts, or when they do not add up', () => {
    const { parts: _none, ...old } = item;
    expect(snapshotItemToDto(old).tables).toBeUndefined();
    expect(snapshotItemToDto({ ...item, bytes: 9999 }).tables).toBeUndefined();
  });
});
