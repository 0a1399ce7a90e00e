/**
 * Bad data and bad input: a corrupted snapshot file, a deleted manifest, a broken config, and shell
 * metacharacters / option-like values in every field an admin can type.
 */
import { existsSync } from 'node:fs';
import { open, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKura } from '../harness/kura-cli.js';
import { createShop, type Shop } from './fixture.js';

interface SnapshotJson {
  id: string;
  path: string;
  items: Array<{ type: string; path: string }>;
}

const snapshots = async (shop: Shop) => (await runKura(['snapshots', 'shop', '--json'], shop.env)).json as SnapshotJson[];
const pause = () => new Promise((r) => setTimeout(r, 1000));

async function flipByte(file: string, at: number) {
  const fh = await open(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, at);
    b[0] = b[0]! ^ 0xff;
    await fh.write(b, 0, 1, at);
  } finally {
    await fh.close();
  }
}

describe('faults: bad data and bad input', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await createShop({ dbMiB: 1, redisMiB: 1, siteMiB: 1 });
    for (let i = 0; i < 2; i++) {
      if (i) await pause();
      const r = await runKura(['run', 'shop', '--json'], shop.env);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
  }, 180_000);
  afterAll(() => shop?.cleanup());

  it('a corrupted snapshot file: verify names it, restore refuses it and offers the previous good one', async () => {
    const [older, latest] = (await snapshots(shop)).slice(-2) as [SnapshotJson, SnapshotJson];
    const dump = latest.items.find((i) => i.type === 'mysql')!;
    const rdb = latest.items.find((i) => i.type === 'redis')!;
    const dumpFile = join(latest.path, dump.path);
    const rdbFile = join(latest.path, rdb.path);
    await flipByte(dumpFile, Math.floor((await stat(dumpFile)).size / 2));
    await flipByte(rdbFile, Math.floor((await stat(rdbFile)).size / 2));

    const v = await runKura(['verify', 'shop', 'latest'], shop.env);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(new RegExp(`FAILED ${dump.path.replace(/[.]/g, "\\.")}: .*(damaged|sha256)`));
    expect(v.stdout).toMatch(new RegExp(`FAILED ${rdb.path.replace(/[.]/g, '\\.')}: .*sha256`));
    expect(v.stdout).toMatch(/ok {5}files\/www/);

    await shop.db.sql('CREATE TABLE must_survive (id INT); INSERT INTO must_survive VALUES (42);', 'shop');
    const r = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--yes', '--json'], shop.env);
    expect(r.code).toBe(1);
    const out = r.json as { status: string; error: { code: string; message: string; hint: string } };
    expect(out.status).toBe('failed');
    expect(out.error.code).toBe('snapshot-damaged');
    expect(out.error.message).toContain(dump.path);
    expect(out.error.message).toMatch(/Nothing was changed/);
    expect(out.error.hint).toContain(older.id);
    expect(await shop.db.sql('SELECT id FROM must_survive', 'shop')).toContain('42');

    const rr = await runKura(['restore', 'shop', 'latest', '--source', 'cache', '--yes', '--json'], shop.env);
    expect((rr.json as { error: { code: string } }).error.code).toBe('snapshot-damaged');
  });

  it('a deleted manifest: the snapshot is no longer listed and retention never deletes it', async () => {
    const before = await snapshots(shop);
    const victim = before[0]!;
    await rm(join(victim.path, 'manifest.json'));
    const listed = (await snapshots(shop)).map((s) => s.id);
    expect(listed).not.toContain(victim.id);
    await shop.writeConfig((job) => {
      job['retention'] = { keepLast: 1, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 };
    });
    try {
      await pause();
      const r = await runKura(['run', 'shop', '--json'], shop.env);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect((await snapshots(shop)).map((s) => s.id)).toEqual([(r.json as { snapshot: { id: string } }).snapshot.id]);
      expect(existsSync(victim.path)).toBe(true);
      expect(existsSync(join(victim.path, 'files', 'www', 'index.php'))).toBe(true);
    } finally {
      await shop.writeConfig();
    }
  });

  it.each([
    ['an invalid value', (j: Record<string, unknown>) => ((j['sources'] as Record<string, unknown>[])[1]!['port'] = 70000), /jobs\[0\]\.sources\[1\]\.port: .*65535/],
    ['a missing field', (j: Record<string, unknown>) => delete (j['sources'] as Record<string, unknown>[])[1]!['databases'], /jobs\[0\]\.sources\[1\]\.databases/],
    ['a wrong type', (j: Record<string, unknown>) => (j['retention'] = { keepLast: '7' }), /jobs\[0\]\.retention\.keepLast: .*number/],
    ['an unknown source type', (j: Record<string, unknown>) => ((j['sources'] as Record<string, unknown>[])[2]!['type'] = 'mongodb'), /jobs\[0\]\.sources\[2\]\.type/],
  ])('a config with %s: a clear error naming the field, exit 2, nothing changed', async (_what, patch, expected) => {
    await shop.writeConfig(patch);
    const configBefore = await readFile(join(shop.home, 'config.json'), 'utf8');
    const historyBefore = await readFile(join(shop.home, 'history', 'shop.jsonl'), 'utf8');
    const snapsBefore = await shop.snapshotState();
    try {
      const r = await runKura(['run', 'shop'], shop.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(await readFile(join(shop.home, 'config.json'), 'utf8')).toBe(configBefore);
      expect(await readFile(join(shop.home, 'history', 'shop.jsonl'), 'utf8')).toBe(historyBefore);
      expect(await shop.snapshotState()).toEqual(snapsBefore);
    } finally {
      await shop.writeConfig();
    }
  });

  it('shell metacharacters, quotes, newlines and --options in user fields are never executed or parsed as flags', async () => {
    const marker = join(shop.root, 'PWNED');
    const evil = [`$(touch ${marker})`, `\`touch ${marker}\``, `x; touch ${marker}`, `'"; touch ${marker}; echo "'`];
    // Values the schema must refuse outright (option-like, multi-line, or not a host/module name).
    const refused: Array<[string, (j: Record<string, unknown>) => void]> = [
      ['host with ;', (j) => ((j['sources'] as Record<string, unknown>[])[1]!['host'] = `127.0.0.1; touch ${marker}`)],
      ['host as an option', (j) => ((j['sources'] as Record<string, unknown>[])[2]!['host'] = '--help')],
      ['user as an option', (j) => ((j['sources'] as Record<string, unknown>[])[1]!['user'] = '--skip-lock-tables')],
      ['user with a newline', (j) => ((j['sources'] as Record<string, unknown>[])[1]!['user'] = 'backup\npassword=x')],
      ['database as an option', (j) => ((j['sources'] as Record<string, unknown>[])[1]!['databases'] = ['--all-databases'])],
      ['module with $( )', (j) => ((j['sources'] as Record<string, unknown>[])[0]!['from'] = `rsync://web@127.0.0.1/$(touch ${marker})/`)],
      ['rsync path with ..', (j) => ((j['sources'] as Record<string, unknown>[])[0]!['from'] = `web@127.0.0.1::www/../../etc`)],
      ['exclude as an option', (j) => ((j['sources'] as Record<string, unknown>[])[0]!['exclude'] = ['--delete'])],
      ['destination with a newline', (j) => ((j['destination'] as Record<string, unknown>)['path'] = '/tmp/x\n--y')],
    ];
    for (const [what, patch] of refused) {
      await shop.writeConfig(patch);
      const r = await runKura(['run', 'shop', '--json'], shop.env);
      expect(r.code, `${what}: ${r.stdout}`).toBe(2);
      expect((r.json as { error: { code: string } }).error.code, what).toBe('config-invalid');
    }
    // Values that are legal but hostile: taken literally, failing (or working) without running anything.
    for (const value of evil) {
      await pause();
      await shop.writeConfig((j) => {
        const s = j['sources'] as Record<string, unknown>[];
        s[1]!['user'] = value;
        s[1]!['databases'] = [value.replace(/[./\\]/g, '_').slice(0, 60)];
        s[0]!['exclude'] = [value];
        s[0]!['from'] = `rsync://web@127.0.0.1:${shop.rsyncd.port}/www/${encodeURI('sub dir')}/`;
        (j['destination'] as Record<string, unknown>)['path'] = join(shop.root, `dest ${value.replace(/\//g, '_')}`);
      });
      await mkdir(join(shop.root, `dest ${value.replace(/\//g, '_')}`), { recursive: true });
      const r = await runKura(['run', 'shop', '--json'], shop.env);
      expect(r.code).toBe(1);
      // The database named by the hostile value fails on its own (the other items may still be backed up).
      const out = r.json as { status: string; items: Array<{ type: string; status: string }> };
      expect(['failed', 'partial']).toContain(out.status);
      expect(out.items.find((i) => i.type === 'mysql')?.status ?? 'failed').toBe('failed');
    }
    // Local source folder and destination with hostile names work literally.
    const odd = join(shop.root, `src '"$(touch ${marker.replace(/\//g, '_')}) -rf`);
    await mkdir(join(odd, '--delete'), { recursive: true });
    await writeFile(join(odd, '--delete', '-e sh'), 'data');
    await pause();
    await shop.writeConfig((j) => {
      j['sources'] = [{ id: 'local', type: 'files', from: odd, exclude: [`$(touch ${marker})`] }];
      (j['destination'] as Record<string, unknown>)['path'] = join(shop.root, `dest "; touch ${marker.replace(/\//g, '_')}`);
    });
    await mkdir(join(shop.root, `dest "; touch ${marker.replace(/\//g, '_')}`), { recursive: true });
    try {
      const ok = await runKura(['run', 'shop', '--json'], shop.env);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      const snap = (ok.json as { snapshot: { path: string } }).snapshot.path;
      expect(await readFile(join(snap, 'files', 'local', '--delete', '-e sh'), 'utf8')).toBe('data');
    } finally {
      await shop.writeConfig();
    }
    expect(existsSync(marker)).toBe(false);
  });
});
