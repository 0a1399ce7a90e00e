import { describe, expect, it } from 'vitest';
import { startMariaDb } from '../../harness/mariadb.js';

describe('startMariaDb', () => {
  it('starts a server on loopback and stops it, removing its datadir', async () => {
    const t0 = Date.now();
    const db = await startMariaDb();
    const startMs = Date.now() - t0;
    try {
      expect(await db.sql("SELECT @@port, @@bind_address, @@character_set_server, @@performance_schema")).toBe(`${db.port}\t127.0.0.1\tutf8mb4\t0\n`);
      expect(await db.sql("SELECT '🍣 注文'")).toBe('🍣 注文\n');
      console.log(`mariadb start: ${startMs} ms`);
    } finally {
      await db.stop();
    }
    expect(() => process.kill(db.pid, 0)).toThrow();
    const { access } = await import('node:fs/promises');
    await expect(access(db.datadir)).rejects.toThrow();
  });
});
