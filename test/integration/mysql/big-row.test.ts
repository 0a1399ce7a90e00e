/**
 * Rows bigger than the client's default packet (issue 14). MariaDB's client refuses a row over its
 * 16 MB default max_allowed_packet by dropping the connection ("Error 2013: Lost connection to server
 * during query when dumping table `files` at row: 1"), so such a table never backed up and the failure
 * was reported as a network error (retried, forever). Kura now dumps with the 1 GB client limit, and
 * because a 24 MiB BLOB becomes a 48 MiB INSERT in the dump (hex), it records the largest statement:
 * a restore into a server whose max_allowed_packet is smaller is refused before anything changes, and
 * a backup whose own server could not take it back says so.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeychainSecretStore } from '../../../electron/engine/secrets/keychain-secret-store.js';
import { runKura, writeMysqlJobConfig } from '../../harness/kura-cli.js';
import { type MariaDbServer, sqlString, startMariaDb } from '../../harness/mariadb.js';
import { tempDir } from '../../harness/tmp.js';

const PW = 'big-' + Math.random().toString(36).slice(2);
const REF = 'big-mysql-' + Math.random().toString(36).slice(2);
const MIB = 1024 * 1024;

interface RunJson {
  status: string;
  warnings: string[];
  error: { code: string; category: string; message: string } | null;
  snapshot: { path: string } | null;
}
interface RestoreJson {
  status: string;
  verification: Array<{ ok: boolean }>;
  error: { code: string; category: string; message: string; hint: string } | null;
}

describe('a 24 MiB row', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let big: MariaDbServer;
  let small: MariaDbServer;
  let env: Record<string, string>;
  const checksum = async (db: string) => (await big.sql(`CHECKSUM TABLE \`${db}\`.files EXTENDED`)).split('\t')[1];

  beforeAll(async () => {
    [work, big, small] = await Promise.all([tempDir('kura-bigrow-'), startMariaDb({ serverOptions: ['--max-allowed-packet=64M'] }), startMariaDb()]);
    const user = `CREATE USER 'kura'@'%' IDENTIFIED BY ${sqlString(PW)}; GRANT ALL PRIVILEGES ON *.* TO 'kura'@'%';`;
    await Promise.all([big.sql(user), small.sql(user)]);
    await big.sql(`
      CREATE DATABASE media;
      CREATE TABLE media.files (id INT PRIMARY KEY, name VARCHAR(50), data LONGBLOB) ENGINE=InnoDB;
      INSERT INTO media.files VALUES (1, 'small', 'x'), (3, 'after', 'y');
      INSERT INTO media.files VALUES (2, 'huge', REPEAT(RANDOM_BYTES(1024), 24 * 1024));
    `);
    expect(await big.sql('SELECT LENGTH(data) FROM media.files WHERE id = 2')).toBe(`${24 * MIB}\n`);
    env = { KURA_HOME: join(work.path, 'home') };
    await createKeychainSecretStore().set(REF, PW);
    await writeMysqlJobConfig(env['KURA_HOME']!, { id: 'media', backups: join(work.path, 'backups'), port: big.port, user: 'kura', passwordRef: REF, databases: ['media'] });
  }, 180_000);
  afterAll(async () => {
    await createKeychainSecretStore()
      .delete(REF)
      .catch(() => {});
    await Promise.all([big?.stop(), small?.stop()]);
    await work?.cleanup();
  });

  it('is backed up, verified, and restored identical (CHECKSUM TABLE)', async () => {
    const run = await runKura(['run', 'media', '--json'], env);
    const out = run.json as RunJson;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(out.status).toBe('success');
    const manifest = JSON.parse(await readFile(join(out.snapshot!.path, 'manifest.json'), 'utf8')) as { items: Array<{ largestStatementBytes: number }> };
    // Hex doubles the BLOB: the restoring server needs max_allowed_packet above 48 MiB.
    expect(manifest.items[0]!.largestStatementBytes).toBeGreaterThan(48 * MIB);
    expect(manifest.items[0]!.largestStatementBytes).toBeLessThan(49 * MIB);

    const verify = await runKura(['verify', 'media', 'latest'], env);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    const r = await runKura(['restore', 'media', 'latest', '--source', 'db', '--to-database', 'media_copy', '--yes', '--json'], env);
    const restored = r.json as RestoreJson;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(restored.status).toBe('success');
    expect(restored.verification.every((c) => c.ok)).toBe(true);
    expect(await checksum('media_copy')).toBe(await checksum('media'));
    expect(await big.sql('SELECT id, LENGTH(data), MD5(data) = (SELECT MD5(data) FROM media.files WHERE id = 2) FROM media_copy.files WHERE id = 2')).toBe(`2\t${24 * MIB}\t1\n`);
  });

  it('into a server that accepts only 16 MiB: refused before anything changes, as a setting (not a network error) with the fix', async () => {
    const r = await runKura(
      ['restore', 'media', 'latest', '--source', 'db', '--to-host', '127.0.0.1', '--to-port', String(small.port), '--to-user', 'kura', '--to-password-ref', REF, '--yes', '--json'],
      env,
    );
    const out = r.json as RestoreJson;
    expect(r.code).not.toBe(0);
    expect(out.status).toBe('failed');
    expect(out.error?.code).toBe('mysql-statement-too-large');
    expect(out.error?.category).toBe('config');
    expect(out.error?.message).toMatch(/holds a statement of 48(?:\.\d)? MB, but the server at 127\.0\.0\.1:\d+ accepts at most 16 MB \(max_allowed_packet\)/);
    expect(out.error?.hint).toContain('SET GLOBAL max_allowed_packet=64*1024*1024;');
    expect(out.error?.hint).toContain('max_allowed_packet=64M under [mysqld]');
    expect(await small.sql("SHOW DATABASES LIKE 'media'")).toBe('');
  });

  it('a backup its own server could not take back says so, and the restore test says why it cannot prove it', async () => {
    await big.sql('SET GLOBAL max_allowed_packet = 32 * 1024 * 1024;');
    try {
      const run = await runKura(['run', 'media', '--json'], env);
      const out = run.json as RunJson;
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(out.status).toBe('warning');
      expect(out.warnings).toEqual([
        expect.stringMatching(/^db: The dump of `media` holds a statement of 48(?:\.\d)? MB .* accepts at most 32 MB \(max_allowed_packet\): restoring it here would stop at that table\. .*\[mysqld\] max_allowed_packet=64M/),
      ]);
      const test = await runKura(['verify', 'media', 'latest', '--restore-test', '--json'], env);
      expect(test.code).not.toBe(0);
      expect(test.stdout).toMatch(/accepts at most 32 MB \(max_allowed_packet\)/);
      expect(await big.sql("SHOW DATABASES LIKE '%kura_verify%'")).toBe('');
    } finally {
      await big.sql('SET GLOBAL max_allowed_packet = 64 * 1024 * 1024;');
    }
  });
});
