import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { msg, verbatim } from '../../electron/shared/messages/index.js';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { JobConfigDto } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { destinationOf, STEPS, useWizardStore } from '../../renderer/src/stores/wizard-store.js';
import { deferred, fail, ok } from './fake-bridge.js';
import { shellBridge, shopJob, status } from './fixtures.js';
import { renderWith } from './render.js';

const PASSWORD = 'rsync-secret-Pw9';
const DB_PASSWORD = 'db-secret-Pw7';

function wizardBridge(mode: 'electron' | 'browser' = 'browser', lang: 'en' | 'ja' = 'en') {
  return shellBridge(lang, mode)
    .answer('status.get', status([]))
    .answer('system.freeSpace', { path: '/mnt/backup', exists: true, freeBytes: 200 * 1024 ** 3, totalBytes: 500 * 1024 ** 3 })
    .handle('secrets.set', () => ok(undefined))
    .handle('secrets.forget', () => ok(true))
    .answer('sources.testFiles', { entries: ['html', 'logs', 'private'] })
    .answer('sources.testMysql', {
      serverVersion: '10.11.6-MariaDB',
      databases: ['shop', 'wordpress'],
      missingPrivileges: [{ database: 'shop', privilege: 'SHOW VIEW', grant: "GRANT SHOW VIEW ON `shop`.* TO 'backup'@'%';" }],
    })
    .answer('sources.testRedis', { version: '7.0.15', keysPerDb: { '0': 3402 }, syncAllowed: false })
    .handle('schedules.describe', (cron) =>
      ok({
        valid: cron !== 'bad',
        error: cron === 'bad' ? verbatim('expected 5 fields') : null,
        problems: [],
        sentence: cron === '0 0 * * *' ? msg('schedule-daily', { times: '0:00' }) : msg('schedule-custom', { cron }),
        nextRuns: ['2025-03-05T00:00:00.000Z', '2025-03-06T00:00:00.000Z', '2025-03-07T00:00:00.000Z', '2025-03-08T00:00:00.000Z'],
      }),
    )
    .handle('jobs.save', (job) => ok(job as unknown as JobConfigDto))
    .answer('runs.start', { runId: 'r1', skipped: false });
}

async function openWizard(bridge: ReturnType<typeof wizardBridge>) {
  await renderWith(<App />, bridge);
  await userEvent.click(await screen.findByRole('button', { name: 'Set up a backup' }));
  await screen.findByRole('heading', { name: /Step 1 of 9/ });
}

const next = () => userEvent.click(screen.getByRole('button', { name: 'Next' }));
/** Step 2: the shop's servers are on this network (no SSH). */
async function chooseDirect() {
  await userEvent.click(await screen.findByRole('radio', { name: /Servers on this network/ }));
  await next();
}

describe('Setup wizard', () => {
  it('keeps each error on screen until its field is fixed', async () => {
    const bridge = wizardBridge();
    await openWizard(bridge);
    await next();
    expect(screen.getByText('Enter a name.')).toBeTruthy();
    expect(screen.getByText('Choose the folder where backups are kept.')).toBeTruthy();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    await userEvent.type(screen.getByLabelText('Name'), 'Online shop');
    expect(screen.queryByText('Enter a name.')).toBeNull();
    expect(screen.getByText('Choose the folder where backups are kept.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    expect(screen.queryByText('Choose the folder where backups are kept.')).toBeNull();
    await waitFor(() => expect(screen.getByText('200 GB free of 500 GB.')).toBeTruthy());
    await next();
    expect(await screen.findByRole('heading', { name: /Step 2 of 9/ })).toBeTruthy();
    expect(screen.getByRole('group', { name: "How does Kura reach your shop's server?" })).toBeTruthy();
  });

  it('refuses a relative backup folder at the field, and a missing one unless the admin asks to create it', async () => {
    const bridge = wizardBridge().handle('system.freeSpace', (path) => ok({ path, exists: path !== '/mnt/usb/kura', freeBytes: 1024 ** 3, totalBytes: 2 * 1024 ** 3 }));
    await openWizard(bridge);
    await userEvent.type(screen.getByLabelText('Name'), 'Online shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), 'backups');
    await next();
    expect(screen.getByText(/Give the full path of the folder/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Step 1 of 9/ })).toBeTruthy();
    await userEvent.clear(screen.getByLabelText('Backup folder'));
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/usb/kura');
    expect(await screen.findByText(/This folder does not exist yet/)).toBeTruthy();
    await next();
    expect(screen.getByText(/This folder does not exist\. Connect the backup disk, or tick/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Step 1 of 9/ })).toBeTruthy();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Create this folder when I save' }));
    expect(screen.queryByText(/This folder does not exist\. Connect/)).toBeNull();
    await next();
    expect(await screen.findByRole('heading', { name: /Step 2 of 9/ })).toBeTruthy();
  });

  it('sets up a job end to end: passwords go to the keychain only, then save and run', async () => {
    const bridge = wizardBridge();
    await openWizard(bridge);
    // In browser mode there is no native folder dialog: the path is typed.
    expect(screen.queryByRole('button', { name: 'Choose…' })).toBeNull();
    await userEvent.type(screen.getByLabelText('Name'), 'Online shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    await next();
    await chooseDirect();

    // 2) website files over an rsync daemon
    await userEvent.type(await screen.findByLabelText('Server (host name or IP address)'), 'shop.example.com');
    await userEvent.type(screen.getByLabelText('Module'), 'www');
    await userEvent.type(screen.getByLabelText('User name'), 'backup');
    await userEvent.type(screen.getByLabelText('Password'), PASSWORD);
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connected. Kura can see 3 items at the top:')).toBeTruthy();
    expect(screen.getByText('private')).toBeTruthy();
    // The test reads the password from a memory-only entry: the keychain is written on Save.
    expect(bridge.callsOf('secrets.set')).toEqual([['session.wizard-online-shop-files', PASSWORD]]);
    expect(bridge.callsOf('sources.testFiles')).toEqual([[{ from: 'rsync://backup@shop.example.com/www/', passwordRef: 'session.wizard-online-shop-files' }, { testId: expect.any(String) }]]);
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect(screen.getByText(/Password stored/)).toBeTruthy();
    await next();

    // 3) databases: the test lists databases and the missing GRANT
    await screen.findByRole('heading', { name: /Step 4 of 9/ });
    await userEvent.type(screen.getByLabelText('User name'), 'backup');
    await userEvent.type(screen.getByLabelText('Password'), DB_PASSWORD);
    await next();
    expect(screen.getByText('Test the connection and tick at least one database.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connected to 10.11.6-MariaDB. 2 databases found.')).toBeTruthy();
    expect(screen.getByText("GRANT SHOW VIEW ON `shop`.* TO 'backup'@'%';")).toBeTruthy();
    expect(screen.queryByText('Test the connection and tick at least one database.')).toBeNull();
    await userEvent.click(screen.getByRole('checkbox', { name: 'wordpress' }));
    await next();

    // 4) Redis refuses SYNC: the file method is suggested and chosen
    await screen.findByRole('heading', { name: /Step 5 of 9/ });
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText(/does not allow network backup/)).toBeTruthy();
    expect(screen.getByText('Database 0: 3,402 keys')).toBeTruthy();
    expect((screen.getByRole('radio', { name: /Copy the save file/ }) as HTMLInputElement).checked).toBe(true);
    await next();

    // 5) schedule: sentence and the next three runs
    await screen.findByRole('heading', { name: /Step 6 of 9/ });
    expect(await screen.findByText('Every day at 00:00')).toBeTruthy();
    expect(screen.getAllByRole('listitem').filter((li) => li.closest('.ok-box'))).toHaveLength(3);
    await userEvent.click(screen.getByRole('radio', { name: 'Custom (cron expression)' }));
    const cron = screen.getByLabelText('Cron expression');
    await userEvent.clear(cron);
    await userEvent.type(cron, 'bad');
    await waitFor(() => expect(screen.getByText('expected 5 fields')).toBeTruthy());
    await next();
    expect(screen.getByText('This cron expression is not valid.')).toBeTruthy();
    await userEvent.click(screen.getByRole('radio', { name: 'Every night at 0:00' }));
    await waitFor(() => expect(screen.queryByText('This cron expression is not valid.')).toBeNull());
    await next();

    // 6) retention
    await screen.findByRole('heading', { name: /Step 7 of 9/ });
    await userEvent.click(screen.getByRole('radio', { name: /^Light/ }));
    expect((screen.getByLabelText('Newest snapshots') as HTMLInputElement).value).toBe('3');
    expect(screen.getByText(/At most 6 snapshots/)).toBeTruthy();
    await next();

    // 8) off-site copy: left off
    await screen.findByRole('heading', { name: /Step 8 of 9 — Off-site copy/ });
    await next();

    // 9) summary, save, first run
    await screen.findByRole('heading', { name: /Step 9 of 9/ });
    expect(screen.getByText('rsync://backup@shop.example.com/www/')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('“Online shop” is saved.')).toBeTruthy();
    const saved = bridge.callsOf('jobs.save')[0]![0] as JobConfigDto;
    expect(saved).toMatchObject({
      id: 'online-shop',
      name: 'Online shop',
      destination: { path: '/mnt/backup' },
      schedule: { cron: '0 0 * * *' },
      retention: { keepLast: 3, keepDaily: 3, keepWeekly: 0, keepMonthly: 0 },
    });
    expect(saved.sources).toEqual([
      { id: 'files', type: 'files', from: 'rsync://backup@shop.example.com/www/', exclude: [], passwordRef: 'online-shop-files' },
      { id: 'mysql', type: 'mysql', host: '127.0.0.1', port: 3306, user: 'backup', databases: ['shop'], passwordRef: 'online-shop-mysql' },
      { id: 'redis', type: 'redis', host: '127.0.0.1', port: 6379, method: 'file' },
    ]);
    const everythingSent = JSON.stringify(bridge.calls.filter((c) => c.method !== 'secrets.set'));
    expect(everythingSent).not.toContain(PASSWORD);
    expect(everythingSent).not.toContain(DB_PASSWORD);
    expect(bridge.callsOf('secrets.set')).toEqual([
      ['session.wizard-online-shop-files', PASSWORD],
      ['session.wizard-online-shop-mysql', DB_PASSWORD],
      ['online-shop-files', PASSWORD],
      ['online-shop-mysql', DB_PASSWORD],
    ]);
    // Saved: the keychain holds them, the session copies are gone, and the job was saved after them.
    expect(bridge.callsOf('secrets.forget')).toEqual([['session.wizard-online-shop-files'], ['session.wizard-online-shop-mysql']]);
    const order = bridge.calls.map((c) => c.method);
    expect(order.lastIndexOf('secrets.set')).toBeLessThan(order.indexOf('jobs.save'));
    await userEvent.click(screen.getByRole('button', { name: 'Run the first backup now' }));
    expect(await screen.findByText(/The first backup has started/)).toBeTruthy();
    expect(bridge.callsOf('runs.start')).toEqual([['online-shop']]);
  });

  it('a running test has a Cancel that stops exactly that test on the service, and the step goes back to idle', async () => {
    const pending = deferred<ReturnType<typeof fail>>();
    const bridge = wizardBridge()
      .handle('sources.testMysql', () => pending.promise)
      .handle('sources.cancelTest', () => {
        pending.resolve({ ok: false, error: { code: 'cancelled', params: { variant: 'test' }, message: 'The test was cancelled.', hint: null } });
        return ok(true);
      });
    await openWizard(bridge);
    await userEvent.type(screen.getByLabelText('Name'), 'Shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    await next();
    await chooseDirect();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Back up the website files' }));
    await next();
    await screen.findByRole('heading', { name: /Step 4 of 9/ });
    await userEvent.type(screen.getByLabelText('User name'), 'backup');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Testing the connection…')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Test connection' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel test' }));
    await waitFor(() => expect(screen.queryByText('Testing the connection…')).toBeNull());
    const testId = (bridge.callsOf('sources.testMysql')[0]![1] as { testId: string }).testId;
    expect(testId).toMatch(/^mysql-/);
    expect(bridge.callsOf('sources.cancelTest')).toEqual([[testId]]);
    // Cancelled is not failed: no error box, and the button works again.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel test' })).toBeNull();
    expect((screen.getByRole('button', { name: 'Test connection' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('says a hung server in the admin’s words when a test ends on its bound', async () => {
    const bridge = wizardBridge().handle('sources.testRedis', () => ({
      ok: false,
      error: { code: 'server-no-answer', params: { what: 'Redis', where: 'cache.example.jp:6379', seconds: 15 }, message: 'x', hint: null },
    }));
    await openWizard(bridge);
    await userEvent.type(screen.getByLabelText('Name'), 'Shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    await next();
    await chooseDirect();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Back up the website files' }));
    await next();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Back up databases' }));
    await next();
    await screen.findByRole('heading', { name: /Step 5 of 9/ });
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Redis at cache.example.jp:6379 accepted the connection but did not answer within 15 seconds.');
    expect(alert.textContent).toContain('Check that this port belongs to Redis');
  });

  it('shows a failed connection test with its hint, and can skip the step', async () => {
    const bridge = wizardBridge().handle('sources.testMysql', () =>
      fail('Access denied for user backup@127.0.0.1', 'Check the user name and password.'),
    );
    await openWizard(bridge);
    await userEvent.type(screen.getByLabelText('Name'), 'Shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    await next();
    await chooseDirect();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Back up the website files' }));
    expect(screen.getByText(/This part will not be backed up/)).toBeTruthy();
    await next();
    await screen.findByRole('heading', { name: /Step 4 of 9/ });
    await userEvent.type(screen.getByLabelText('User name'), 'backup');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The connection test failed');
    expect(alert.textContent).toContain('Access denied for user backup@127.0.0.1');
    expect(alert.textContent).toContain('Check the user name and password.');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Back up databases' }));
    await next();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Back up Redis' }));
    await next();
    await next();
    await next();
    await next();
    await screen.findByRole('heading', { name: /Step 9 of 9/ });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText(/Choose at least one thing to back up/)).toBeTruthy();
    expect(bridge.callsOf('jobs.save')).toEqual([]);
  });

  it('uses the native folder dialog in Electron', async () => {
    const bridge = wizardBridge('electron').answer('dialog.openFolder', '/Volumes/Backup');
    await openWizard(bridge);
    await userEvent.click(screen.getByRole('button', { name: 'Choose…' }));
    await waitFor(() => expect((screen.getByLabelText('Backup folder') as HTMLInputElement).value).toBe('/Volumes/Backup'));
    await waitFor(() => expect(bridge.callsOf('system.freeSpace')).toContainEqual(['/Volumes/Backup']));
  });

  it('edits a job: loading, prefilled fields, "password stored"', async () => {
    const pending = deferred<ReturnType<typeof ok<JobConfigDto>>>();
    const bridge = wizardBridge()
      .handle('jobs.get', () => pending.promise)
      .handle('secrets.has', (ref) => ok(ref === 'shop-files'));
    await renderWith(<App />, bridge);
    act(() => useAppStore.getState().navigate({ name: 'setup', jobId: 'shop' }));
    expect(await screen.findByRole('heading', { name: 'Edit backup' })).toBeTruthy();
    expect(screen.getByText('Loading…')).toBeTruthy();
    await act(async () => pending.resolve(ok(shopJob)));
    expect(((await screen.findByLabelText('Name')) as HTMLInputElement).value).toBe('Online shop');
    await next();
    // A job without a server connection: its servers are on this network.
    expect(((await screen.findByRole('radio', { name: /Servers on this network/ })) as HTMLInputElement).checked).toBe(true);
    await next();
    expect(((await screen.findByLabelText('Module')) as HTMLInputElement).value).toBe('www');
    expect(screen.getByText(/Password stored/)).toBeTruthy();
    expect((screen.getByLabelText('Leave out (optional)') as HTMLTextAreaElement).value).toBe('cache/');
  });

  it('edits a job: moving the backup folder warns that the old snapshots stay behind and a fresh first snapshot follows (en/ja)', async () => {
    for (const [lang, says] of [
      ['en', /The snapshots made so far stay in \/mnt\/backup\/kura: .* then only see \/Volumes\/NAS\/kura\. .*starts a fresh first snapshot/],
      ['ja', /これまでのスナップショットは \/mnt\/backup\/kura に残ります。.*以後 \/Volumes\/NAS\/kura だけを見ます。.*最初のスナップショットからやり直し/],
    ] as const) {
      const bridge = wizardBridge('browser', lang).answer('jobs.get', shopJob);
      const { unmount } = await renderWith(<App />, bridge, lang);
      act(() => useAppStore.getState().navigate({ name: 'setup', jobId: 'shop' }));
      const folder = (await screen.findByLabelText(lang === 'en' ? 'Backup folder' : '保存先フォルダー')) as HTMLInputElement;
      await waitFor(() => expect(folder.value).toBe('/mnt/backup/kura'));
      // The same folder (written with a trailing slash too): nothing to warn about.
      await userEvent.type(folder, '/');
      expect(screen.queryByText(says)).toBeNull();
      await userEvent.clear(folder);
      await userEvent.type(folder, '/Volumes/NAS/kura');
      // Offered, ticked: the old folder's snapshots stay listed for restores.
      const keep = screen.getByRole('checkbox', { name: lang === 'en' ? /Keep showing the snapshots in \/mnt\/backup\/kura/ : /\/mnt\/backup\/kura のスナップショットも引き続き表示する/ }) as HTMLInputElement;
      expect(keep.checked).toBe(true);
      expect(screen.getByText(lang === 'en' ? /stay listed for restores .*Backups, the dashboard and retention use \/Volumes\/NAS\/kura/ : /引き続き一覧に表示されます/)).toBeTruthy();
      expect(destinationOf(useWizardStore.getState())).toEqual({ path: '/Volumes/NAS/kura', earlier: ['/mnt/backup/kura'] });
      await userEvent.click(keep);
      expect(screen.getByText(says)).toBeTruthy();
      expect(destinationOf(useWizardStore.getState())).toEqual({ path: '/Volumes/NAS/kura' });
      unmount();
    }
  });

  it('moving back to an earlier folder takes it off the list of earlier folders', () => {
    const base = { savedDestination: '/Volumes/NAS/kura', savedEarlier: ['/mnt/backup/kura'], keepEarlier: true };
    expect(destinationOf({ ...base, destination: '/mnt/backup/kura/' })).toEqual({ path: '/mnt/backup/kura/', earlier: ['/Volumes/NAS/kura'] });
    expect(destinationOf({ ...base, destination: '/Volumes/NAS/kura' })).toEqual({ path: '/Volumes/NAS/kura', earlier: ['/mnt/backup/kura'] });
    expect(destinationOf({ ...base, keepEarlier: false, destination: '/srv/kura' })).toEqual({ path: '/srv/kura', earlier: ['/mnt/backup/kura'] });
  });

  it('reaches the shop through SSH: key fingerprint confirmed before login, every test and source through the connection', async () => {
    const SSH_PASSWORD = 'ssh-secret-Pw5';
    const FP = 'SHA256:' + 'k'.repeat(43);
    let trusted = false;
    const hostKey = () => ({ host: '203.0.113.5', port: 10022, fingerprint: FP, type: 'ssh-ed25519', status: trusted ? ('trusted' as const) : ('unknown' as const), pinned: trusted ? [FP] : [] });
    const bridge = wizardBridge()
      .handle('ssh.hostKey', () => ok(hostKey()))
      .handle('ssh.trust', () => {
        trusted = true;
        return ok(hostKey());
      })
      .answer('ssh.test', { user: 'web', fingerprint: FP })
      .answer('sources.testFiles', { entries: ['images/', 'index.php'] })
      .answer('sources.testRedis', { version: '7.0.15', keysPerDb: { '0': 51 }, syncAllowed: true });
    await openWizard(bridge);
    await userEvent.type(screen.getByLabelText('Name'), 'Online shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    await next();

    // 2) the server: SSH is the first choice
    await screen.findByRole('heading', { name: /Step 2 of 9/ });
    expect((screen.getByRole('radio', { name: /^SSH/ }) as HTMLInputElement).checked).toBe(true);
    await next();
    expect(screen.getByText("Enter the server's host name or IP address.")).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Server (host name or IP address)'), '203.0.113.5');
    await userEvent.type(screen.getByLabelText('SSH port (optional)'), '10022');
    await userEvent.type(screen.getByLabelText('User name'), 'web');
    await userEvent.click(screen.getByRole('radio', { name: /^With a password/ }));
    await userEvent.type(screen.getByLabelText('Password'), SSH_PASSWORD);
    await userEvent.click(screen.getByRole('button', { name: 'Check the server' }));
    expect(await screen.findByText(FP)).toBeTruthy();
    expect(bridge.callsOf('ssh.test')).toEqual([]);
    await next();
    expect(screen.getByText('Check the server and confirm its key first.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'The fingerprint matches: trust this server' }));
    expect(await screen.findByText('Logged in to 203.0.113.5 as web.')).toBeTruthy();
    expect(bridge.callsOf('ssh.trust')).toEqual([[{ host: '203.0.113.5', port: 10022, fingerprint: FP }]]);
    // Tests read the typed password from a memory-only entry; the job names the keychain entry Save writes.
    const connection = { host: '203.0.113.5', port: 10022, user: 'web', passwordRef: 'online-shop-ssh' };
    const tested = { ...connection, passwordRef: 'session.wizard-online-shop-ssh' };
    expect(bridge.callsOf('ssh.test')).toEqual([[tested, { testId: expect.any(String) }]]);
    await next();

    // 3) files: only the folder on the server
    await screen.findByRole('heading', { name: /Step 3 of 9/ });
    expect(screen.queryByLabelText('Module')).toBeNull();
    await userEvent.type(screen.getByLabelText('Folder on the server 203.0.113.5'), '/var/www/shop/');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('index.php')).toBeTruthy();
    expect(bridge.callsOf('sources.testFiles')).toEqual([[{ from: '/var/www/shop/', via: 'ssh', ssh: tested }, { testId: expect.any(String) }]]);
    await next();

    // 4) MySQL as the server sees it
    await screen.findByRole('heading', { name: /Step 4 of 9/ });
    expect((screen.getByLabelText("Host, as the server sees it") as HTMLInputElement).value).toBe('127.0.0.1');
    await userEvent.type(screen.getByLabelText('User name'), 'backup');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByText('Connected to 10.11.6-MariaDB. 2 databases found.');
    expect(bridge.callsOf('sources.testMysql')[0]![0]).toMatchObject({ host: '127.0.0.1', port: 3306, via: 'ssh', ssh: tested });
    await next();

    // 5) Redis: replication only, through SSH
    await screen.findByRole('heading', { name: /Step 5 of 9/ });
    expect(screen.queryByRole('radio', { name: /Copy the save file/ })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByText('Connected to Redis 7.0.15.');
    await next();
    await next();
    await next();
    await next();
    await screen.findByRole('heading', { name: /Step 9 of 9/ });
    expect(screen.getByText('SSH web@203.0.113.5:10022')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('“Online shop” is saved.');
    const saved = bridge.callsOf('jobs.save')[0]![0] as JobConfigDto;
    expect(saved.ssh).toEqual(connection);
    expect(saved.sources).toEqual([
      { id: 'files', type: 'files', via: 'ssh', from: '/var/www/shop/', exclude: [] },
      { id: 'mysql', type: 'mysql', via: 'ssh', host: '127.0.0.1', port: 3306, user: 'backup', databases: ['shop', 'wordpress'] },
      { id: 'redis', type: 'redis', via: 'ssh', host: '127.0.0.1', port: 6379, method: 'sync' },
    ]);
    expect(bridge.callsOf('secrets.set')).toEqual([
      ['session.wizard-online-shop-ssh', SSH_PASSWORD],
      ['online-shop-ssh', SSH_PASSWORD],
    ]);
    expect(JSON.stringify(bridge.calls.filter((c) => c.method !== 'secrets.set'))).not.toContain(SSH_PASSWORD);
  });

  it('makes a key for Kura on request and shows the line to register', async () => {
    const bridge = wizardBridge().answer('ssh.generateKey', { keyPath: '/home/me/.config/Kura/ssh/shop_ed25519', passphraseRef: 'shop-ssh-key-passphrase', publicKey: 'ssh-ed25519 AAAAC3Nz kura-shop' });
    await openWizard(bridge);
    await userEvent.type(screen.getByLabelText('Name'), 'Shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    await next();
    await userEvent.type(await screen.findByLabelText('User name'), 'web');
    await userEvent.click(screen.getByRole('button', { name: 'Make a key for Kura' }));
    expect(await screen.findByText('ssh-ed25519 AAAAC3Nz kura-shop')).toBeTruthy();
    expect(screen.getByText(/~web\/\.ssh\/authorized_keys/)).toBeTruthy();
    expect((screen.getByLabelText('Private key file') as HTMLInputElement).value).toBe('/home/me/.config/Kura/ssh/shop_ed25519');
    expect(bridge.callsOf('ssh.generateKey')).toEqual([['shop']]);
  });

  it('shows why a job could not be loaded for editing', async () => {
    const bridge = wizardBridge().handle('jobs.get', () => fail('No job with the id "gone"', null));
    await renderWith(<App />, bridge);
    act(() => useAppStore.getState().navigate({ name: 'setup', jobId: 'gone' }));
    expect((await screen.findByRole('alert')).textContent).toContain('No job with the id "gone"');
  });
});

describe('Setup wizard: bad input is refused at its field, with the fix', () => {
  async function toStep(bridge: ReturnType<typeof wizardBridge>, step: 'files' | 'databases' | 'redis' | 'retention') {
    await openWizard(bridge);
    await userEvent.type(screen.getByLabelText('Name'), 'Shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    await next();
    await chooseDirect();
    await screen.findByRole('heading', { name: /Step 3 of 9/ });
    if (step === 'files') return;
    await userEvent.click(screen.getByRole('checkbox', { name: 'Back up the website files' }));
    await next();
    await screen.findByRole('heading', { name: /Step 4 of 9/ });
    if (step === 'databases') return;
    await userEvent.click(screen.getByRole('checkbox', { name: 'Back up databases' }));
    await next();
    await screen.findByRole('heading', { name: /Step 5 of 9/ });
    if (step === 'redis') return;
    await userEvent.click(screen.getByRole('checkbox', { name: 'Back up Redis' }));
    await next();
    await screen.findByRole('heading', { name: /Step 6 of 9/ });
    await next();
    await screen.findByRole('heading', { name: /Step 7 of 9/ });
  }

  it('a host with spaces or with a user and path, and a port outside 1–65535, are refused before any test is sent', async () => {
    const bridge = wizardBridge();
    await toStep(bridge, 'databases');
    const host = screen.getByLabelText('Server (host name or IP address)');
    await userEvent.clear(host);
    await userEvent.type(host, 'db example.com');
    await userEvent.type(screen.getByLabelText('User name'), 'backup');
    await userEvent.type(screen.getByLabelText('Password'), DB_PASSWORD);
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(screen.getByText(/A host name has no spaces\. Enter only the server's name, like db\.example\.com/)).toBeTruthy();
    expect(host.getAttribute('aria-invalid')).toBe('true');
    await userEvent.clear(host);
    await userEvent.type(host, 'backup@db.example.com');
    expect(screen.getByText(/without a user name, a path or "rsync:\/\/"/)).toBeTruthy();
    await userEvent.clear(host);
    await userEvent.type(host, 'db.example.com');
    expect(host.getAttribute('aria-invalid')).toBeNull();
    const port = screen.getByLabelText('Port');
    await userEvent.clear(port);
    await userEvent.type(port, '70000');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(screen.getByText('Enter a port number from 1 to 65535.')).toBeTruthy();
    // Nothing reached the service (no contract error), and the password did not go to the keychain.
    expect(bridge.callsOf('sources.testMysql')).toEqual([]);
    expect(bridge.callsOf('secrets.set')).toEqual([]);
    await userEvent.clear(port);
    await userEvent.type(port, '3306');
    expect(screen.queryByText('Enter a port number from 1 to 65535.')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connected to 10.11.6-MariaDB. 2 databases found.')).toBeTruthy();
    expect(bridge.callsOf('sources.testMysql')[0]![0]).toMatchObject({ host: 'db.example.com', port: 3306 });
  });

  it('a port of 0 for Redis is refused at the field', async () => {
    const bridge = wizardBridge();
    await toStep(bridge, 'redis');
    const port = screen.getByLabelText('Port');
    await userEvent.clear(port);
    await userEvent.type(port, '0');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(screen.getByText('Enter a port number from 1 to 65535.')).toBeTruthy();
    expect(bridge.callsOf('sources.testRedis')).toEqual([]);
  });

  it('an rsync address pasted or typed into the host field fills the fields instead', async () => {
    const bridge = wizardBridge();
    await toStep(bridge, 'files');
    const host = screen.getByLabelText('Server (host name or IP address)') as HTMLInputElement;
    await userEvent.click(host);
    await userEvent.paste('rsync://backup@shop.example.com:8873/www/html');
    expect(host.value).toBe('shop.example.com');
    expect((screen.getByLabelText('Module') as HTMLInputElement).value).toBe('www');
    expect((screen.getByLabelText('Folder inside the module (optional)') as HTMLInputElement).value).toBe('html');
    expect((screen.getByLabelText('Port (optional)') as HTMLInputElement).value).toBe('8873');
    expect((screen.getByLabelText('User name') as HTMLInputElement).value).toBe('backup');
    expect(host.getAttribute('aria-invalid')).toBeNull();

    await userEvent.clear(host);
    await userEvent.type(host, 'web@files.example.jp::site/public');
    await userEvent.tab();
    expect(host.value).toBe('files.example.jp');
    expect((screen.getByLabelText('Module') as HTMLInputElement).value).toBe('site');
    expect((screen.getByLabelText('Folder inside the module (optional)') as HTMLInputElement).value).toBe('public');
    expect((screen.getByLabelText('User name') as HTMLInputElement).value).toBe('web');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByText('Connected. Kura can see 3 items at the top:');
    expect(bridge.callsOf('sources.testFiles')[0]![0]).toMatchObject({ from: 'rsync://web@files.example.jp/site/public' });
  });

  it('retention counts outside their range are refused as typed, and the estimate never says NaN', async () => {
    const bridge = wizardBridge();
    await toStep(bridge, 'retention');
    const newest = screen.getByLabelText('Newest snapshots');
    await userEvent.clear(newest);
    expect(screen.getByText('Keep from 1 to 1000 snapshots.')).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/NaN/);
    expect(screen.queryByText(/At most/)).toBeNull();
    await userEvent.type(newest, '5');
    expect(screen.queryByText('Keep from 1 to 1000 snapshots.')).toBeNull();
    const daily = screen.getByLabelText('Daily snapshots');
    await userEvent.clear(daily);
    await userEvent.type(daily, '5000');
    expect(screen.getByText('Enter a whole number from 0 to 1000.')).toBeTruthy();
    expect(screen.queryByText(/At most/)).toBeNull();
    await next();
    expect(screen.getByRole('heading', { name: /Step 7 of 9/ })).toBeTruthy();
    await userEvent.clear(daily);
    await userEvent.type(daily, '7');
    expect(screen.getByText(/At most \d+ snapshots/)).toBeTruthy();
  });
});

describe('Setup wizard: keyboard and Cancel', () => {
  it('focus starts in the first field, moves to the result after a Test, and Cancel asks before throwing a filled wizard away', async () => {
    const bridge = wizardBridge();
    await renderWith(<App />, bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Set up a backup' }));
    await screen.findByRole('heading', { name: /Step 1 of 9/ });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Name')));

    await userEvent.type(screen.getByLabelText('Name'), 'Shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    await next();
    await chooseDirect();
    await userEvent.type(await screen.findByLabelText('Server (host name or IP address)'), 'shop.example.com');
    await userEvent.type(screen.getByLabelText('Module'), 'www');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByText('Connected. Kura can see 3 items at the top:');
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Connected. Kura can see 3 items at the top:'));

    // Cancel on a filled wizard asks; "Keep editing" (focused) keeps everything.
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const question = screen.getByRole('alertdialog');
    expect(question.textContent).toContain('Throw away what you entered? It has not been saved.');
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep editing' }));
    await userEvent.click(within(question).getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect((screen.getByLabelText('Server (host name or IP address)') as HTMLInputElement).value).toBe('shop.example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Throw away' }));
    expect(await screen.findByRole('button', { name: 'Set up a backup' })).toBeTruthy();
    expect(bridge.callsOf('jobs.save')).toEqual([]);

    // An untouched wizard closes at once.
    await userEvent.click(screen.getByRole('button', { name: 'Set up a backup' }));
    await screen.findByRole('heading', { name: /Step 1 of 9/ });
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(await screen.findByRole('button', { name: 'Set up a backup' })).toBeTruthy();
  });
});

describe('Setup wizard: a cancelled wizard leaves no keychain entry', () => {
  it('Throw away removes the passwords this wizard stored (and only those)', async () => {
    const bridge = wizardBridge().handle('secrets.forgetUnsaved', () => ok(true));
    await openWizard(bridge);
    await userEvent.type(screen.getByLabelText('Name'), 'Online shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    await next();
    await chooseDirect();
    await userEvent.type(await screen.findByLabelText('Server (host name or IP address)'), 'shop.example.com');
    await userEvent.type(screen.getByLabelText('Module'), 'www');
    await userEvent.type(screen.getByLabelText('Password'), PASSWORD);
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByText('Connected. Kura can see 3 items at the top:');
    // The test read the password from memory: the keychain was never written.
    expect(bridge.callsOf('secrets.set')).toEqual([['session.wizard-online-shop-files', PASSWORD]]);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Throw away' }));
    expect(await screen.findByRole('button', { name: 'Set up a backup' })).toBeTruthy();
    expect(bridge.callsOf('secrets.forget')).toEqual([['session.wizard-online-shop-files']]);
    expect(bridge.callsOf('secrets.forgetUnsaved')).toEqual([]);
    expect(bridge.callsOf('jobs.save')).toEqual([]);
  });
});


describe('Setup wizard: a password changed while editing a job', () => {
  const editBridge = () =>
    wizardBridge()
      .answer('jobs.get', shopJob)
      .handle('secrets.has', (ref) => ok(ref === 'shop-files' || ref === 'shop-mysql'))
      .handle('secrets.forgetUnsaved', () => ok(true));
  const openFilesStep = async (bridge: ReturnType<typeof editBridge>) => {
    await renderWith(<App />, bridge);
    act(() => useAppStore.getState().navigate({ name: 'setup', jobId: 'shop' }));
    expect(((await screen.findByLabelText('Name')) as HTMLInputElement).value).toBe('Online shop');
    await next();
    await screen.findByRole('radio', { name: /Servers on this network/ });
    await next();
    await screen.findByLabelText('Module');
  };

  it('a wrong password tried and thrown away never reaches the keychain: tonight the job still logs in with its own', async () => {
    const bridge = editBridge().handle('sources.testFiles', () => fail('@ERROR: auth failed on module www'));
    await openFilesStep(bridge);
    await userEvent.type(screen.getByLabelText('Password'), 'wrong-password');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('alert')).textContent).toContain('auth failed');
    expect(bridge.callsOf('sources.testFiles')[0]![0]).toMatchObject({ passwordRef: 'session.wizard-shop-files' });
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const question = screen.queryByRole('alertdialog');
    if (question) await userEvent.click(within(question).getByRole('button', { name: 'Throw away' }));
    await waitFor(() => expect(bridge.callsOf('secrets.forget')).toEqual([['session.wizard-shop-files']]));
    expect(bridge.callsOf('secrets.set').filter(([ref]) => !String(ref).startsWith('session.'))).toEqual([]);
    expect(bridge.callsOf('jobs.save')).toEqual([]);
  });

  it('Save tries a new password first, and stops at the section whose test fails, changing nothing', async () => {
    let accept = false;
    const bridge = editBridge().handle('sources.testFiles', () => (accept ? ok({ entries: ['html'] }) : fail('@ERROR: auth failed on module www')));
    await openFilesStep(bridge);
    await userEvent.type(screen.getByLabelText('Password'), 'typo-password');
    act(() => useWizardStore.getState().goTo(STEPS.indexOf('summary')));
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    await waitFor(() => expect(bridge.callsOf('sources.testFiles')).toHaveLength(1));
    expect(bridge.callsOf('sources.testFiles')[0]![0]).toMatchObject({ passwordRef: 'session.wizard-shop-files' });
    expect(bridge.callsOf('jobs.save')).toEqual([]);
    expect(bridge.callsOf('secrets.set').filter(([ref]) => !String(ref).startsWith('session.'))).toEqual([]);
    expect(useWizardStore.getState().files.test.kind).toBe('error');

    // The right password this time: tested, then written to the keychain, then the job saved.
    accept = true;
    act(() => useWizardStore.getState().goTo(STEPS.indexOf('files')));
    await userEvent.type(await screen.findByLabelText('Password'), 'right-password');
    act(() => useWizardStore.getState().goTo(STEPS.indexOf('summary')));
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    await waitFor(() => expect(bridge.callsOf('jobs.save')).toHaveLength(1));
    expect(bridge.callsOf('sources.testFiles')).toHaveLength(2);
    expect(bridge.callsOf('secrets.set').filter(([ref]) => !String(ref).startsWith('session.'))).toEqual([['shop-files', 'right-password']]);
    const order = bridge.calls.map((c) => c.method);
    expect(order.lastIndexOf('sources.testFiles')).toBeLessThan(order.indexOf('jobs.save'));
  });
});

describe('Setup wizard: the schedule in the job’s time zone', () => {
  it('shows the machine’s zone by default, picks the night’s time, refuses an unknown zone and says the next runs in the job’s zone', async () => {
    const info = { version: '0.1.0', platform: 'linux', mode: 'browser' as const, home: '/home/shop/.kura', systemLanguage: 'en' as const, timeZone: 'Asia/Tokyo' };
    const bridge = wizardBridge().answer('app.info', info);
    await openWizard(bridge);
    await userEvent.type(screen.getByLabelText('Name'), 'Online shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    await next();
    await chooseDirect();
    for (const box of ['Back up the website files', 'Back up databases']) {
      await userEvent.click(await screen.findByRole('checkbox', { name: box }));
      await next();
    }
    await screen.findByRole('heading', { name: /Step 5 of 9/ });
    await next();
    await screen.findByRole('heading', { name: /Step 6 of 9/ });

    const zone = screen.getByLabelText('Time zone') as HTMLInputElement;
    expect(zone.value).toBe('Asia/Tokyo');
    expect(screen.getByText("The backup runs by this zone's clock. This computer's zone is Asia/Tokyo.")).toBeTruthy();
    const time = screen.getByLabelText('Time') as HTMLInputElement;
    expect(time.value).toBe('00:00');
    fireEvent.change(time, { target: { value: '02:30' } });
    expect(screen.getByRole('radio', { name: 'Every night at 2:30' })).toBeTruthy();
    await waitFor(() => expect(bridge.callsOf('schedules.describe').at(-1)).toEqual(['30 2 * * *']));

    await userEvent.clear(zone);
    await userEvent.type(zone, 'Tokyo');
    await next();
    expect(screen.getByText('This is not a time zone name. Use a name like Asia/Tokyo or Europe/Berlin.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Step 6 of 9/ })).toBeTruthy();
    await userEvent.clear(zone);
    await userEvent.type(zone, 'America/New_York');
    await waitFor(() => expect(bridge.callsOf('schedules.describe').at(-1)).toEqual(['30 2 * * *', 'America/New_York']));
    // The viewer is not in New York: each next run says whose clock it is.
    await waitFor(() => expect(screen.getAllByText(/\(America\/New_York\)$/).length).toBe(3));
    await next();
    await screen.findByRole('heading', { name: /Step 7 of 9/ });
    await next();
    await screen.findByRole('heading', { name: /Step 8 of 9/ });
    await next();
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    await waitFor(() => expect(bridge.callsOf('jobs.save')).toHaveLength(1));
    expect((bridge.callsOf('jobs.save')[0]![0] as JobConfigDto).schedule).toEqual({ cron: '30 2 * * *', timezone: 'America/New_York' });
  });
});
