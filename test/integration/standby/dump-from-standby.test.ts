/**
 * The nightly dump taken from the standby while the shop keeps writing to the primary: the manifest
 * records the standby and the primary's position it had applied; the dump is then compared with the
 * primary's data at exactly that position, rebuilt by replaying the primary's own binary log up to it
 * into a fresh server. Refused — nothing dumped — when the standby is broken or too far behind, or
 * when its account may not pause replication (with the GRANT that fixes it). Replication runs again
 * afterwards, and the standby watcher does not take Kura's own pause for a broken standby.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobSchema, configSchema } from '../../../electron/engine/config/schema.js';
import { runJob } from '../../../electron/engine/jobs/run-job.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { readManifest } from '../../../electron/engine/snapshot/manifest.js';
import { checkStandbys } from '../../../electron/engine/standby/check-standbys.js';
import { pauseMarkerDir } from '../../../electron/engine/standby/dump-from-standby.js';
import { createBackupUser, startMariaDb, type MariaDbServer } from '../../harness/mariadb.js';
import { slaveStatus, startMariaDbPair, type MariaDbPair } from '../../harness/replication.js';
import { tempDir } from '../../harness/tmp.js';

let work: Awaited<ReturnType<typeof tempDir>>;
let pair: MariaDbPair;
let reference: MariaDbServer;
let home: string;
const secrets = createMemorySecretStore();

function job(maxLagSeconds = 60) {
  return jobSchema.parse({
    id: 'shop',
    name: 'Shop',
    destination: { path: join(work.path, 'backups') },
    sources: [
      {
        id: 'db',
        type: 'mysql',
        host: '127.0.0.1',
        port: pair.primary.port,
        user: 'kura_backup',
        passwordRef: 'backup',
        databases: ['shop', 'blog'],
        standbys: [{ host: '127.0.0.1', port: pair.replica.port, user: pair.monitor.user, passwordRef: 'monitor' }],
        dumpFromStandby: { maxLagSeconds },
      },
    ],
  });
}

const deps = () => ({ home, secrets, tools: createToolResolver(), now: () => new Date(), kuraVersion: 'test' });

beforeAll(async () => {
  work = await tempDir('kura-standby-dump-');
  home = join(work.path, 'home');
  await Promise.all([mkdir(home), mkdir(join(work.path, 'backups'))]);
  [pair, reference] = await Promise.all([startMariaDbPair(), startMariaDb()]);
  await pair.primary.sql(
    'CREATE DATABASE shop; CREATE TABLE shop.orders (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(100), qty INT) ENGINE=InnoDB;' +
      "INSERT INTO shop.orders (item, qty) VALUES ('お茶', 1), ('せんべい', 2);" +
      'CREATE DATABASE blog; CREATE TABLE blog.posts (id INT AUTO_INCREMENT PRIMARY KEY, title TEXT) ENGINE=InnoDB;' +
      "INSERT INTO blog.posts (title) VALUES ('はじめまして');",
  );
  // The backup account is made on the primary and reaches the standby by replication, like any account.
  await createBackupUser(pair.primary, { user: 'kura_backup', password: 'backup-pw', database: 'shop' });
  await pair.primary.sql("GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES ON `blog`.* TO 'kura_backup'@'%';");
  await pair.waitInSync();
  await secrets.set('backup', 'backup-pw');
  await secrets.set('monitor', pair.monitor.password);
});

afterAll(async () => {
  await Promise.all([pair?.stop(), reference?.stop()]);
  await work?.cleanup();
});

describe('the dump from the standby', () => {
  it('is refused, with the GRANT to run on the standby, when its account may not pause replication', async () => {
    const r = await runJob(deps(), job(), { trigger: 'cli' });
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'standby-dump-pause-denied' });
    expect(r.error!.hint).toContain(`GRANT REPLICATION SLAVE ADMIN ON *.* TO '${pair.monitor.user}'@'%';`);
    expect(r.snapshot).toBeNull();
    expect((await slaveStatus(pair.replica))['Slave_SQL_Running']).toBe('Yes');
  });

  it('equals the primary at the recorded position, while the shop keeps writing', async () => {
    await pair.replica.sql(`GRANT REPLICATION SLAVE ADMIN ON *.* TO '${pair.monitor.user}'@'%';`);
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await pair.primary.sql(`INSERT INTO shop.orders (item, qty) VALUES ('注文 ${written}', ${written}); UPDATE blog.posts SET title = CONCAT('rev ', ${written}) WHERE id = 1;`);
        written += 1;
      }
    })();
    let result;
    try {
      await new Promise((r) => setTimeout(r, 300));
      result = await runJob(deps(), job(), { trigger: 'cli' });
    } finally {
      await new Promise((r) => setTimeout(r, 300));
      writing = false;
      await writer;
    }
    expect(result.status, JSON.stringify(result.error)).toBe('success');
    expect(written).toBeGreaterThan(5);

    const manifest = (await readManifest(result.snapshot!.path))!;
    const items = manifest.items.filter((i) => i.type === 'mysql');
    expect(items).toHaveLength(2);
    const provenance = items[0]!.type === 'mysql' ? items[0]!.standby : undefined;
    expect(provenance).toMatchObject({ host: `127.0.0.1:${pair.replica.port}`, position: { file: pair.startPosition.file }, secondsBehind: expect.any(Number), resumedAt: expect.any(String) });
    // Both databases at the same position of the primary.
    expect(items[1]!.type === 'mysql' ? items[1]!.standby?.position : null).toEqual(provenance!.position);
    const pos = provenance!.position!.pos;
    expect(pos).toBeGreaterThan(pair.startPosition.pos);
    expect(pos).toBeLessThan((await pair.primaryPosition()).pos);

    // The primary's data at that position: its binary log replayed up to it into a fresh server.
    const binlog = join(pair.primary.datadir, provenance!.position!.file);
    const replay = await runProcess({
      file: 'bash',
      args: ['-c', 'mariadb-binlog --start-position="$1" --stop-position="$2" "$3" | mariadb --no-defaults --user=root --socket="$4"', 'replay', String(pair.startPosition.pos), String(pos), binlog, reference.socket],
    });
    expect(replay.exitCode, replay.stderr).toBe(0);
    for (const db of ['shop', 'blog']) {
      await reference.sql(`CREATE DATABASE dump_${db};`);
      const file = join(result.snapshot!.path, 'mysql', 'db', `${db}.sql.gz`);
      const load = await runProcess({ file: 'bash', args: ['-c', 'gunzip -c "$1" | mariadb --no-defaults --user=root --socket="$2" "$3"', 'load', file, reference.socket, `dump_${db}`] });
      expect(load.exitCode, load.stderr).toBe(0);
    }
    const atPosition = await reference.sql('SELECT id, item, qty FROM shop.orders ORDER BY id; SELECT id, title FROM blog.posts ORDER BY id;');
    const fromDump = await reference.sql('SELECT id, item, qty FROM dump_shop.orders ORDER BY id; SELECT id, title FROM dump_blog.posts ORDER BY id;');
    expect(fromDump).toBe(atPosition);
    const rows = atPosition.trim().split('\n').length;
    expect(rows).toBeGreaterThan(3);
    // And not the primary's data now (it kept writing after the pause).
    expect(await pair.primary.sql('SELECT COUNT(*) FROM shop.orders;')).not.toBe(await reference.sql('SELECT COUNT(*) FROM dump_shop.orders;'));

    // Replication runs again and catches up; Kura's pause marker is gone.
    expect((await slaveStatus(pair.replica))['Slave_SQL_Running']).toBe('Yes');
    await pair.waitInSync();
    expect(await import('node:fs/promises').then((f) => f.readdir(pauseMarkerDir(home)))).toEqual([]);
  });

  it('is refused when the standby is further behind than the limit: nothing dumped, and why', async () => {
    const lock = await pair.holdReadLock();
    try {
      await pair.primary.sql("INSERT INTO shop.orders (item, qty) VALUES ('遅延', 0);");
      await new Promise((r) => setTimeout(r, 2500));
      const r = await runJob(deps(), job(1), { trigger: 'cli' });
      expect(r.status).toBe('failed');
      expect(r.error).toMatchObject({ code: 'standby-dump-too-far', params: { limit: 1 } });
      expect(r.error!.message).toMatch(/seconds behind the primary; the limit is 1 seconds\. Nothing was dumped\./);
      expect(r.snapshot).toBeNull();
    } finally {
      await lock.release();
    }
    await pair.waitInSync();
  });

  it('is refused when the standby is broken (its SQL thread stopped by someone)', async () => {
    await pair.replica.sql('STOP SLAVE SQL_THREAD;');
    try {
      const r = await runJob(deps(), job(), { trigger: 'cli' });
      expect(r.status).toBe('failed');
      expect(r.error).toMatchObject({ code: 'standby-dump-refused' });
      expect(r.error!.message).toMatch(/is not in sync: The replica's SQL thread is stopped/);
    } finally {
      await pair.replica.sql('START SLAVE SQL_THREAD;');
    }
  });

  it("the watcher does not call Kura's own pause broken", async () => {
    const config = configSchema.parse({ version: 1, jobs: [job()] });
    await pair.replica.sql('STOP SLAVE SQL_THREAD;');
    try {
      const check = () => checkStandbys({ home, secrets, tools: async () => createToolResolver(), now: () => new Date() }, config);
      expect((await check())[0]).toMatchObject({ state: 'broken', reason: { code: 'standby-sql-stopped' } });
      const { createHash } = await import('node:crypto');
      const { hostname } = await import('node:os');
      const key = `shop/db/127.0.0.1:${pair.replica.port}`;
      await mkdir(pauseMarkerDir(home), { recursive: true });
      await writeFile(join(pauseMarkerDir(home), `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      expect((await check())[0]).toMatchObject({ state: 'in-sync', reason: { code: 'standby-paused-for-dump' } });
    } finally {
      await pair.replica.sql('START SLAVE SQL_THREAD;');
    }
  });
});
