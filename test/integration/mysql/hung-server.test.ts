/**
 * A MySQL server that takes the connection and never answers, at the moments a backup or a restore
 * connects: mysqldump has no connect or read timeout of its own (MariaDB's and MySQL's both reject
 * `--connect-timeout`), and the `mysql` client that restores had none set, so either waited forever —
 * a nightly backup hung, and every later run refused as "already running". Now the dump is stopped and
 * fails with `server-no-answer` (network: the scheduler retries) — or `mysql-connect-failed` when the
 * server went out of reach mid-dump (mysqldump's own connection, waiting to read, never notices) — and the restore's client gives up
 * connecting after its bound; both within a bound, saying so, in Japanese too.
 */
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KuraError } from '../../../electron/engine/errors.js';
import { TEST_CONNECT_SECONDS } from '../../../electron/engine/tools/answer-timeouts.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectMysqlClient, dumpDatabase, type MysqlClient } from '../../../electron/engine/tools/mysql/index.js';
import { importDump } from '../../../electron/engine/tools/mysql/import-dump.js';
import { createBackupUser, type MariaDbServer, startMariaDb } from '../../harness/mariadb.js';
import { ja } from '../../harness/messages.js';
import { freezingProxy, silentServer, type FreezingProxy, type SilentServer } from '../../harness/silent-server.js';
import { tempDir } from '../../harness/tmp.js';

const PW = 'hung-' + Math.random().toString(36).slice(2);

describe('a MySQL server that stops answering', () => {
  let server: MariaDbServer;
  let client: MysqlClient;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let proxy: FreezingProxy;
  let silent: SilentServer;

  beforeAll(async () => {
    [server, client, work, silent] = await Promise.all([startMariaDb(), detectMysqlClient(createToolResolver()), tempDir('kura-hungdb-'), silentServer()]);
    await server.sql('CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO shop.orders VALUES (1), (2);');
    await createBackupUser(server, { user: 'backup', password: PW, database: 'shop' });
    proxy = await freezingProxy(server.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await silent?.close();
    await server?.stop();
    await work?.cleanup();
  });

  /** Dumps `shop` through the proxy at `port`, calling `onDumpStarted` as mysqldump starts; the error, or null. */
  const dumpThrough = (port: number, outFile: string, onDumpStarted: () => void): Promise<unknown> =>
    dumpDatabase({
      client,
      target: { host: '127.0.0.1', port, user: 'backup', password: PW },
      database: 'shop',
      outFile,
      level: 1,
      lockWait: { checkEveryMs: 500, giveUpAfterMs: 60_000 },
      logger: { log: (_l, m) => (m.startsWith('$ ') && m.includes(client.dumpPath) ? onDumpStarted() : undefined) },
    }).then(
      () => null,
      (e: unknown) => e,
    );

  it('the backup: the server answers the first questions, then never greets the dump — the dump ends with server-no-answer', async () => {
    const outFile = join(work.path, 'shop.sql.gz');
    const started = Date.now();
    // The moment mysqldump is started, the server hangs.
    const failed = await dumpThrough(proxy.port, outFile, () => proxy.freeze());
    const ms = Date.now() - started;
    expect(proxy.frozenAccepted()).toBeGreaterThan(0);
    expect(failed).toBeInstanceOf(KuraError);
    const e = failed as KuraError;
    expect(e.code).toBe('server-no-answer');
    expect(e.category).toBe('network');
    expect(e.message).toContain(`127.0.0.1:${proxy.port}`);
    expect(ja(e)).toMatch(/[ぁ-ん]/);
    expect(ms).toBeLessThan((TEST_CONNECT_SECONDS + 10) * 1000);
    // Nothing half-written is left as if it were a dump.
    expect(existsSync(outFile)).toBe(false);
  }, 60_000);

  it('the backup: the server goes out of reach in the middle of the dump (new connections refused, the dump\'s own one silent) — the dump ends with mysql-connect-failed', async () => {
    const cut = await freezingProxy(server.port);
    try {
      const outFile = join(work.path, 'shop-cut.sql.gz');
      const started = Date.now();
      // mysqldump's own connection is cut once it is past the greeting and its first answers.
      const failed = await dumpThrough(cut.port, outFile, () => cut.cutNextAfter(400));
      expect(failed).toMatchObject({ code: 'mysql-connect-failed', category: 'network' });
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(existsSync(outFile)).toBe(false);
    } finally {
      await cut.close();
    }
  }, 60_000);

  it('the restore: the client gives up connecting within its bound instead of waiting forever', async () => {
    const file = join(work.path, 'in.sql.gz');
    await writeFile(file, gzipSync('CREATE TABLE t (id INT);\n-- Dump completed on 2025-01-01  0:00:00\n'));
    const started = Date.now();
    const failed = await importDump({ client, target: { host: '127.0.0.1', port: silent.port, user: 'root', password: 'x' }, database: 'shop', file, stripDefiners: false }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(silent.accepted()).toBeGreaterThan(0);
    expect(failed).toMatchObject({ code: 'server-no-answer', category: 'network' });
    expect(Date.now() - started).toBeLessThan((TEST_CONNECT_SECONDS + 10) * 1000);
  }, 60_000);
});
