/**
 * The pieces of the rights check that need no server: what a restore of an item needs privilege by
 * privilege, how the refusal reads in both languages, a local folder that cannot be written, and the
 * memory-only `session.*` passwords a restore account lives in.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definerNeed, filesRestoreRights, mysqlRestoreNeeds, rightsError } from '../../../electron/engine/restore/restore-rights.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { isSessionRef, newSessionRef, withSessionSecrets } from '../../../electron/engine/secrets/session-secret-store.js';
import type { MysqlManifestItem } from '../../../electron/engine/snapshot/manifest.js';
import { messageList, msg } from '../../../electron/shared/messages/index.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';
import { ON_WINDOWS } from '../../harness/platform.js';
import { tempDir } from '../../harness/tmp.js';

const item = (o: Partial<MysqlManifestItem>) => ({ views: [], routines: [], triggers: [], events: [], ...o }) as unknown as MysqlManifestItem;

describe('restore rights', () => {
  it('asks for the right to act as another owner only when a recorded owner is someone else and the account cannot', () => {
    const snap = (global: string[], serverVersion = '10.11.6-MariaDB', serverFlavour: 'mysql' | 'mariadb' = 'mariadb') => ({
      account: { user: 'shop_restore', host: 'LocalHost' },
      global: new Set(global),
      serverVersion,
      serverFlavour,
    });
    const owned = item({ views: ['v'], triggers: ['t'], definers: ['root@localhost', 'shop_restore@localhost'] });
    expect(definerNeed(owned, snap([]))).toEqual({ kind: 'others', privilege: 'SET USER', definers: ['root@localhost'] });
    expect(definerNeed(owned, snap([], '10.4.30-MariaDB'))).toMatchObject({ privilege: 'SUPER' });
    expect(definerNeed(owned, snap([], '8.0.36', 'mysql'))).toMatchObject({ privilege: 'SET_USER_ID' });
    expect(definerNeed(owned, snap([], '8.4.3', 'mysql'))).toMatchObject({ privilege: 'SET_ANY_DEFINER' });
    for (const right of ['SET USER', 'SET_USER_ID', 'SET_ANY_DEFINER', 'SUPER']) expect(definerNeed(owned, snap([right])).kind).toBe('none');
    // Its own objects (host names compare without case) need nothing; nor does a database without views or routines.
    expect(definerNeed(item({ views: ['v'], definers: ['shop_restore@localhost'] }), snap([])).kind).toBe('none');
    expect(definerNeed(item({ definers: [] }), snap([])).kind).toBe('none');
    // A snapshot from before the owners were recorded: unknown (a note, not a refusal).
    expect(definerNeed(item({ routines: ['PROCEDURE p'] }), snap([]))).toEqual({ kind: 'unknown', privilege: 'SET USER' });
    expect(definerNeed(item({}), snap([])).kind).toBe('none');
  });

  it('asks only for what this snapshot needs: views, routines, triggers, events when it has them; REFERENCES on MySQL 8.0.22+', () => {
    const plain = mysqlRestoreNeeds(item({}), 'mariadb', '10.11.6-MariaDB').map((n) => n.privilege);
    expect(plain).toEqual(['CREATE', 'DROP', 'INSERT', 'ALTER', 'LOCK TABLES']);
    const full = mysqlRestoreNeeds(item({ views: ['v'], routines: ['PROCEDURE p', 'FUNCTION f'], triggers: ['t'], events: ['e'] }), 'mysql', '8.0.36').map((n) => n.privilege);
    expect(full).toEqual(['CREATE', 'DROP', 'INSERT', 'ALTER', 'LOCK TABLES', 'REFERENCES', 'CREATE VIEW', 'CREATE ROUTINE', 'ALTER ROUTINE', 'TRIGGER', 'EVENT']);
    expect(mysqlRestoreNeeds(item({}), 'mysql', '8.0.21').map((n) => n.privilege)).not.toContain('REFERENCES');
    const routines = mysqlRestoreNeeds(item({ routines: ['PROCEDURE p', 'FUNCTION f'] }), 'mariadb', '11.4.2').find((n) => n.privilege === 'CREATE ROUTINE')!;
    expect(renderLoose('en', routines.purpose.code, routines.purpose.params).message).toBe('for the snapshot’s 2 stored routines');
    expect(renderLoose('ja', routines.purpose.code, routines.purpose.params).message).toBe('スナップショットのストアドルーチン 2 個のため');
  });

  it('the refusal names the account, every missing right with its purpose, and the GRANT, in English and Japanese', () => {
    const e = rightsError({
      kind: 'mysql',
      account: "'kura_backup'@'%' @ db:3306",
      where: '`shop` @ db:3306',
      ok: false,
      missing: [msg('rights-missing-privilege', { privilege: 'CREATE', purpose: messageList([msg('rights-purpose-create', {})]) })],
      fix: "GRANT CREATE ON `shop`.* TO 'kura_backup'@'%';",
    });
    expect(e.code).toBe('restore-rights-mysql');
    expect(e.message).toBe("The account 'kura_backup'@'%' @ db:3306 may not restore `shop` @ db:3306, so nothing was changed. It lacks:\nCREATE — to create the database and its tables");
    expect(e.hint).toContain("GRANT CREATE ON `shop`.* TO 'kura_backup'@'%';");
    const ja = renderLoose('ja', e.code, e.params);
    expect(ja.message).toContain('CREATE — データベースとテーブルを作成するため');
    expect(ja.hint).toMatch(/--mysql-user/);
    expect(ja.message + ja.hint).not.toMatch(/\b(the|may|account)\b/);
  });

  it('a local folder that cannot be written is refused (checked at the nearest existing folder)', async () => {
    if (process.getuid?.() === 0 || ON_WINDOWS) {
      // root may write anywhere, and on Windows mode bits do not stop a write: the check then rightly
      // says yes; prove the "yes" path instead.
      const t = await tempDir('kura-rights-');
      const r = await filesRestoreRights({ client: async () => { throw new Error('not used'); }, target: { kind: 'folder', path: join(t.path, 'new', 'deeper') } });
      expect(r).toMatchObject({ kind: 'folder', ok: true, missing: [] });
      // A "folder" below a file can never be written, not even by root.
      await writeFile(join(t.path, 'a-file'), 'x');
      const under = await filesRestoreRights({ client: async () => { throw new Error('not used'); }, target: { kind: 'folder', path: join(t.path, 'a-file', 'www') } });
      expect(under).toMatchObject({ kind: 'folder', ok: false });
      expect(rightsError(under).code).toBe('restore-rights-folder');
      await t.cleanup();
      return;
    }
    const t = await tempDir('kura-rights-');
    await mkdir(join(t.path, 'locked'));
    await chmod(join(t.path, 'locked'), 0o500);
    const r = await filesRestoreRights({ client: async () => { throw new Error('not used'); }, target: { kind: 'folder', path: join(t.path, 'locked', 'www') } });
    expect(r).toMatchObject({ kind: 'folder', ok: false });
    expect(rightsError(r).code).toBe('restore-rights-folder');
    await chmod(join(t.path, 'locked'), 0o700);
    await t.cleanup();
  });
});

describe('session passwords (a restore account for one restore)', () => {
  it('session.* names stay in memory: the keychain never sees them; other names go to it', async () => {
    const keychain = createMemorySecretStore();
    const writes: string[] = [];
    const watched = { ...keychain, set: async (ref: string, v: string) => { writes.push(ref); await keychain.set(ref, v); } };
    const store = withSessionSecrets(watched);
    const ref = newSessionRef('restore-account');
    expect(isSessionRef(ref)).toBe(true);
    expect(ref).toMatch(/^session\.restore-account-[0-9a-f]{16}$/);
    await store.set(ref, 'typed-once');
    await store.set('shop-db', 'kept');
    expect(writes).toEqual(['shop-db']);
    expect(await store.get(ref)).toBe('typed-once');
    expect(await keychain.get(ref)).toBeNull();
    expect(await store.sourceOf!(ref)).toBe('this session only');
    expect(await store.delete(ref)).toBe(true);
    expect(await store.get(ref)).toBeNull();
    // Wrapping twice keeps one memory (the service and the engine share it).
    expect(withSessionSecrets(store)).toBe(store);
  });
});

describe('finishing or rolling back a restore that ran with a restore account', () => {
  it('the password is given again and held, in memory, under the names the journal uses (never written to it)', async () => {
    const { beginJournal } = await import('../../../electron/engine/restore/restore-journal.js');
    const { holdJournalPasswords } = await import('../../../electron/engine/restore/restore-engine.js');
    const t = await tempDir('kura-rights-journal-');
    const ref = newSessionRef('restore-account');
    const h = await beginJournal(
      t.path,
      {
        jobId: 'shop',
        jobRoot: join(t.path, 'backups', 'shop'),
        snapshotId: '2026-01-01T00-00-00Z',
        request: { snapshotId: 'latest', sourceId: 'db', mysql: { safetyBackup: true, stripDefiners: false, account: { user: 'kura_restore', passwordRef: ref } } },
        target: { type: 'mysql', host: '127.0.0.1', port: 3306, database: 'shop', before: null, safety: null },
      },
      new Date(),
    );
    const keychain = createMemorySecretStore();
    const store = withSessionSecrets(keychain);
    expect(await holdJournalPasswords({ secrets: store, home: t.path }, h.id, 'given-again')).toBe(1);
    expect(await store.get(ref)).toBe('given-again');
    expect(await keychain.get(ref)).toBeNull();
    const { readFile, readdir } = await import('node:fs/promises');
    for (const name of await readdir(t.path, { recursive: true })) {
      expect(await readFile(join(t.path, name), 'utf8').catch(() => '')).not.toContain('given-again');
    }
    await t.cleanup();
  });
});
