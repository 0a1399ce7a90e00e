/**
 * The restore wizard when the backup account cannot write (issue 15 §2): the review names what is
 * missing, asks for a restore account right there, tests it with a fresh plan, uses it for this
 * restore only (a memory-only `session.*` password), keeps it in the keychain only when "remember"
 * is ticked and the test passed, forgets it when the wizard is left, and links to Server setup.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RestorePlanDto, RestoreRequest } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { ok } from './fake-bridge.js';
import { filesPlan, mysqlPlan, shellBridge, shopStatus, snapshot, status } from './fixtures.js';
import { renderWith } from './render.js';

const readOnly: NonNullable<RestorePlanDto['rights']> = {
  kind: 'mysql',
  account: "'kura_backup'@'%' @ db.example.com:3306",
  where: '`shop` @ db.example.com:3306',
  ok: false,
  missing: [
    { code: 'rights-missing-privilege', params: { privilege: 'CREATE', purpose: JSON.stringify([{ code: 'rights-purpose-create', params: {} }]) } },
    { code: 'rights-missing-privilege', params: { privilege: 'INSERT', purpose: JSON.stringify([{ code: 'rights-purpose-insert', params: {} }]) } },
  ],
  fix: "GRANT CREATE, INSERT ON `shop`.* TO 'kura_backup'@'%';",
};
const readOnlyModule: NonNullable<RestorePlanDto['rights']> = {
  kind: 'files',
  account: 'backup @ rsync://backup@shop.example.com/www/',
  where: 'rsync://backup@shop.example.com/www/',
  ok: false,
  missing: [
    {
      code: 'rights-files-cannot-write',
      params: { where: 'rsync://backup@shop.example.com/www/', reason: JSON.stringify([{ code: 'rsync-module-read-only', params: { where: 'rsync://shop.example.com/www' } }]) },
    },
  ],
  fix: null,
};

/** The engine's answer: the backup account may only read; the restore account `kura_restore` may write. */
function bridgeFor(lang: 'en' | 'ja' = 'en', filesReadOnly = true, goodUser = 'kura_restore') {
  const secrets = new Map<string, string>();
  const bridge = shellBridge(lang)
    .answer('status.get', status([shopStatus]))
    .answer('snapshots.list', [snapshot])
    .handle('restore.plan', (req) => {
      if (req.sourceId === 'files') {
        const a = req.files?.access;
        const good = a?.user === 'backup-restore' && a.module === 'www-restore' && a.passwordRef !== undefined && secrets.get(a.passwordRef) === 'rs-pw';
        if (!filesReadOnly) return ok(filesPlan);
        return ok({ ...filesPlan, rights: good ? { ...readOnlyModule, ok: true, missing: [], account: 'backup-restore @ rsync://shop.example.com/www-restore/' } : readOnlyModule });
      }
      const a = req.mysql?.account;
      const good = a?.user === goodUser && secrets.get(a.passwordRef) === 'restore-pw';
      return ok({ ...mysqlPlan, rights: good ? { ...readOnly, ok: true, missing: [], fix: null, account: `'${goodUser}'@'%' @ db.example.com:3306` } : readOnly });
    })
    .handle('secrets.set', (ref, value) => {
      secrets.set(ref, value);
      return ok(undefined);
    })
    .handle('secrets.forget', (ref) => ok(secrets.delete(ref)))
    .handle('restore.start', (req) => ok({ restoreId: `rs-${req.sourceId}` }));
  return { bridge, secrets };
}

async function openLatest(bridge: ReturnType<typeof bridgeFor>['bridge']) {
  await renderWith(<App />, bridge);
  const card = await screen.findByRole('article', { name: 'Online shop' });
  await userEvent.click(within(card).getByRole('button', { name: /Restore latest|最新/ }));
  await waitFor(() => expect(bridge.callsOf('restore.plan')).toHaveLength(2));
}

const dbArticle = () => screen.getByRole('article', { name: 'Database shop' });

describe('Restore wizard: restore access when the backup account cannot write', () => {
  it('names what is missing, refuses Start, then tests a restore account and uses it for this restore only', async () => {
    const { bridge, secrets } = bridgeFor('en', false);
    await openLatest(bridge);
    const db = dbArticle();
    expect(within(db).getByRole('heading', { name: 'Restore access needed' })).toBeTruthy();
    expect(within(db).getByText(/The backup account 'kura_backup'@'%' @ db\.example\.com:3306 may only read/)).toBeTruthy();
    expect(within(db).getByText('CREATE — to create the database and its tables')).toBeTruthy();
    expect(within(db).getByText('INSERT — to write the rows')).toBeTruthy();
    expect(within(db).getByText("GRANT CREATE, INSERT ON `shop`.* TO 'kura_backup'@'%';")).toBeTruthy();
    // Even with the confirmation typed, Start waits for the access.
    await userEvent.type(screen.getByLabelText('To confirm, type “overwrite”'), 'overwrite');
    const start = screen.getByRole('button', { name: 'Start the restore' }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(screen.getByText('Start becomes possible once every item has the access it needs.')).toBeTruthy();

    // Test without a user: refused at the field, nothing sent.
    await userEvent.click(within(db).getByRole('button', { name: 'Test and use' }));
    expect(within(db).getByText('Enter the user.')).toBeTruthy();
    expect(bridge.callsOf('secrets.set')).toHaveLength(0);

    await userEvent.type(within(db).getByLabelText('User'), 'kura_restore');
    await userEvent.type(within(db).getByLabelText('Password'), 'restore-pw');
    await userEvent.click(within(db).getByRole('button', { name: 'Test and use' }));
    expect(await within(db).findByText('Restoring as kura_restore (this restore only).')).toBeTruthy();
    // The password went to the service's memory only, under a session name; the request carries only that name.
    const [ref, value] = (bridge.callsOf('secrets.set') as [string, string][])[0]!;
    expect(ref).toMatch(/^session\.restore-access-[0-9a-f]{16}$/);
    expect(value).toBe('restore-pw');
    const tested = bridge.callsOf('restore.plan').at(-1)![0] as RestoreRequest;
    expect(tested.mysql?.account).toEqual({ user: 'kura_restore', passwordRef: ref });
    expect(JSON.stringify(tested)).not.toContain('restore-pw');
    expect(start.disabled).toBe(false);
    await userEvent.click(start);
    await waitFor(() => expect(bridge.callsOf('restore.start').length).toBeGreaterThan(0));
    const started = bridge.callsOf('restore.start').map((a) => a[0] as RestoreRequest);
    const dbStart = started.find((r) => r.sourceId === 'mysql');
    if (dbStart) expect(dbStart.mysql?.account).toEqual({ user: 'kura_restore', passwordRef: ref });
    expect(secrets.has(ref)).toBe(true);
  });

  it('an account that cannot either: says so, and its password is forgotten at once', async () => {
    const { bridge, secrets } = bridgeFor();
    await openLatest(bridge);
    const db = dbArticle();
    await userEvent.type(within(db).getByLabelText('User'), 'someone_else');
    await userEvent.type(within(db).getByLabelText('Password'), 'restore-pw');
    await userEvent.click(within(db).getByRole('button', { name: 'Test and use' }));
    const alert = await within(db).findByRole('alert');
    expect(within(alert).getByText('This account cannot do every step either:')).toBeTruthy();
    const [ref] = (bridge.callsOf('secrets.set') as [string, string][])[0]!;
    expect(bridge.callsOf('secrets.forget')).toContainEqual([ref]);
    expect(secrets.size).toBe(0);
    expect((screen.getByRole('button', { name: 'Start the restore' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('"remember": kept in the keychain only after the test passed, under the job\'s name for it', async () => {
    const { bridge, secrets } = bridgeFor('en', false);
    await openLatest(bridge);
    const db = dbArticle();
    await userEvent.type(within(db).getByLabelText('User'), 'kura_restore');
    await userEvent.type(within(db).getByLabelText('Password'), 'restore-pw');
    await userEvent.click(within(db).getByRole('checkbox', { name: 'Remember this password in the keychain' }));
    await userEvent.click(within(db).getByRole('button', { name: 'Test and use' }));
    expect(await within(db).findByText('Restoring as kura_restore (password remembered in the keychain).')).toBeTruthy();
    const sets = (bridge.callsOf('secrets.set') as [string, string][]).map(([r]) => r);
    expect(sets[0]).toMatch(/^session\./);
    expect(sets[1]).toBe('shop-mysql-restore');
    expect([...secrets.keys()]).toEqual(['shop-mysql-restore']);
    // The restore itself reads the remembered entry.
    await userEvent.type(screen.getByLabelText('To confirm, type “overwrite”'), 'overwrite');
    await userEvent.click(screen.getByRole('button', { name: 'Start the restore' }));
    await waitFor(() => expect(bridge.callsOf('restore.start')).toHaveLength(1));
    act(() => bridge.emit('restore.finished', { restoreId: 'rs-files', result: { status: 'success', steps: [], verification: [], safetyBackup: null, error: null } }));
    await waitFor(() => expect(bridge.callsOf('restore.start')).toHaveLength(2));
    expect((bridge.callsOf('restore.start')[1]![0] as RestoreRequest).mysql?.account).toEqual({ user: 'kura_restore', passwordRef: 'shop-mysql-restore' });
  });

  it('leaving the wizard forgets the session password; nothing stays behind', async () => {
    const { bridge, secrets } = bridgeFor();
    await openLatest(bridge);
    const db = dbArticle();
    await userEvent.type(within(db).getByLabelText('User'), 'kura_restore');
    await userEvent.type(within(db).getByLabelText('Password'), 'restore-pw');
    await userEvent.click(within(db).getByRole('button', { name: 'Test and use' }));
    await within(db).findByText('Restoring as kura_restore (this restore only).');
    expect(secrets.size).toBe(1);
    useAppStore.getState().navigate({ name: 'dashboard' });
    await waitFor(() => expect(secrets.size).toBe(0));
    expect((bridge.callsOf('secrets.set') as [string, string][]).every(([r]) => r.startsWith('session.'))).toBe(true);
  });

  it('files on a read-only module: asks for the restore module and its user, links to Server setup', async () => {
    const { bridge } = bridgeFor();
    await openLatest(bridge);
    const files = screen.getByRole('article', { name: 'Website files' });
    expect(within(files).getByText(/The backup access backup @ rsync:\/\/backup@shop\.example\.com\/www\/ cannot write the files back/)).toBeTruthy();
    expect(within(files).getByText(/cannot write to rsync:\/\/backup@shop\.example\.com\/www\/: The rsync module rsync:\/\/shop\.example\.com\/www is read-only/)).toBeTruthy();
    expect(within(files).getByText('Server setup prints one as "www-restore".')).toBeTruthy();
    await userEvent.type(within(files).getByLabelText('User'), 'backup-restore');
    await userEvent.type(within(files).getByLabelText('rsync module for restores'), 'www-restore');
    await userEvent.type(within(files).getByLabelText('Password'), 'rs-pw');
    await userEvent.click(within(files).getByRole('button', { name: 'Test and use' }));
    expect(await within(files).findByText('Restoring as backup-restore (this restore only).')).toBeTruthy();
    const last = bridge.callsOf('restore.plan').at(-1)![0] as RestoreRequest;
    expect(last.files?.access).toMatchObject({ user: 'backup-restore', module: 'www-restore' });
    await userEvent.click(within(dbArticle()).getByRole('button', { name: 'Server setup: restore access' }));
    expect(useAppStore.getState().screen).toEqual({ name: 'server-setup', jobId: 'shop' });
  });

  it('in Japanese', async () => {
    const { bridge } = bridgeFor('ja');
    await openLatest(bridge);
    expect((await screen.findAllByRole('heading', { name: '復元用のアクセスが必要です' })).length).toBe(2);
    expect(screen.getByText('CREATE — データベースとテーブルを作成するため')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'テストして使う' }).length).toBe(2);
    expect(screen.getAllByRole('checkbox', { name: 'このパスワードをキーチェーンに記憶する' }).length).toBe(2);
  });

  it('only the owner\'s right missing: says so, not "may only read" (in Japanese too)', async () => {
    const ownerOnly: NonNullable<RestorePlanDto['rights']> = {
      ...readOnly,
      missing: [{ code: 'rights-missing-definer', params: { privilege: 'SET USER', definers: 'root@localhost', grant: "GRANT SET USER ON *.* TO 'kura_backup'@'%';" } }],
      fix: "GRANT SET USER ON *.* TO 'kura_backup'@'%';",
      lacks: { write: false, owner: 'SET USER' },
    };
    for (const [lang, says, not] of [
      ['en', /may write `shop` @ db\.example\.com:3306, but may not recreate the snapshot’s views, routines, triggers or events under the accounts that own them: that needs SET USER/, /may only read/],
      ['ja', /に書き込めますが、スナップショットのビュー・ルーチン・トリガー・イベントを元の所有者のまま作り直すことはできません（SET USER が必要です）/, /読み取りしかできません/],
    ] as const) {
      const bridge = shellBridge(lang)
        .answer('status.get', status([shopStatus]))
        .answer('snapshots.list', [snapshot])
        .handle('restore.plan', (req) => ok(req.sourceId === 'files' ? filesPlan : { ...mysqlPlan, rights: ownerOnly }));
      await openLatest(bridge);
      const db = screen.getByRole('article', { name: lang === 'en' ? 'Database shop' : /shop/ });
      expect(within(db).getByText(says)).toBeTruthy();
      expect(within(db).queryByText(not)).toBeNull();
      act(() => useAppStore.getState().navigate({ name: 'dashboard' }));
      document.body.innerHTML = '';
    }
  });

  it('both missing: says both, with the way out of each', async () => {
    const bridge = shellBridge('en')
      .answer('status.get', status([shopStatus]))
      .answer('snapshots.list', [snapshot])
      .handle('restore.plan', (req) => ok(req.sourceId === 'files' ? filesPlan : { ...mysqlPlan, rights: { ...readOnly, lacks: { write: true, owner: 'SET_ANY_DEFINER' } } }));
    await openLatest(bridge);
    expect(within(dbArticle()).getByText(/may only read, and may not recreate the snapshot’s views, routines, triggers or events under the accounts that own them \(SET_ANY_DEFINER\)/)).toBeTruthy();
  });
});
