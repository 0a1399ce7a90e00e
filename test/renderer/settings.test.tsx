import { act, screen, waitFor, within } from '@testing-library/react';
import { msg, verbatim } from '../../electron/shared/messages/index.js';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AppInfo, SettingsDto } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import i18n from '../../renderer/src/i18n/index.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { useSettingsStore } from '../../renderer/src/stores/settings-store.js';
import { deferred, fail, ok } from './fake-bridge.js';
import { appInfo, settings, shellBridge, status } from './fixtures.js';
import { renderWith } from './render.js';

const doctor = {
  kuraVersion: '0.1.0',
  home: '/home/shop/.kura',
  platform: 'linux',
  checks: [
    { name: 'rsync', ok: true, detail: msg('doctor-rsync', { flavour: 'rsync', version: '3.2.7', protocol: 31 }), path: '/usr/bin/rsync', version: '3.2.7' },
    { name: 'mysqldump', ok: false, detail: verbatim('not found on PATH'), path: null, version: null },
  ],
};

function settingsBridge() {
  return shellBridge('en')
    .answer('status.get', status([]))
    .answer('doctor.run', doctor)
    .handle('settings.save', (s) => ok(s as SettingsDto));
}

async function openSettings(bridge: ReturnType<typeof shellBridge>) {
  await renderWith(<App />, bridge);
  await screen.findByRole('heading', { name: 'No backups set up yet' });
  act(() => useAppStore.getState().navigate({ name: 'settings' }));
}

describe('Settings', () => {
  it('shows loading, then the settings and the tool check (the screen joins the load already running)', async () => {
    const pending = deferred<ReturnType<typeof ok<SettingsDto>>>();
    const bridge = settingsBridge().handle('settings.get', () => pending.promise);
    await openSettings(bridge);
    expect(await screen.findByText('Loading…')).toBeTruthy();
    // The app's start-up load was still running when the screen opened: one call, not two.
    expect(bridge.callsOf('settings.get')).toHaveLength(1);
    await act(async () => pending.resolve(ok(settings)));
    expect(((await screen.findByLabelText('Language')) as HTMLSelectElement).value).toBe('auto');
    expect((screen.getByRole('checkbox', { name: 'Start Kura when I log in' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: 'Every backup' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Catch-up delay (minutes)') as HTMLInputElement).value).toBe('2');
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1]!).getByText('/usr/bin/rsync')).toBeTruthy();
    expect(within(rows[2]!).getByText('Problem')).toBeTruthy();
    expect(within(rows[2]!).getByText('not found on PATH')).toBeTruthy();
  });

  it('keeps what the admin ticked and typed when the start-up load answers after the screen\'s own (both forms stay, nothing reloads)', async () => {
    // The start-up load waits for app.info: here app.info answers only after the admin has edited.
    const info = deferred<ReturnType<typeof ok<AppInfo>>>();
    const bridge = settingsBridge().handle('app.info', () => info.promise);
    await renderWith(<App />, bridge);
    act(() => useAppStore.getState().navigate({ name: 'settings' }));
    const startAtLogin = (await screen.findByRole('checkbox', { name: 'Start Kura when I log in' })) as HTMLInputElement;
    expect(startAtLogin.checked).toBe(true);
    await userEvent.click(startAtLogin);
    await userEvent.click(screen.getByRole('radio', { name: 'Only when something goes wrong' }));
    const mail = (await screen.findByRole('checkbox', { name: 'Send alerts by e-mail' })) as HTMLInputElement;
    await userEvent.click(mail);
    expect(mail.checked).toBe(true);
    await act(async () => info.resolve(ok(appInfo('en'))));
    await waitFor(() => expect(bridge.callsOf('settings.get')).toHaveLength(2));
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    // The same elements, still as the admin left them: the form was never taken down and rebuilt.
    expect(startAtLogin.isConnected && mail.isConnected).toBe(true);
    expect(startAtLogin.checked).toBe(false);
    expect((screen.getByRole('radio', { name: 'Only when something goes wrong' }) as HTMLInputElement).checked).toBe(true);
    expect(mail.checked).toBe(true);
    expect(bridge.callsOf('alerts.get')).toHaveLength(1);
    // What the admin changed is what Save sends.
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(bridge.callsOf('settings.save')).toHaveLength(1));
    expect(bridge.callsOf('settings.save')[0]![0]).toMatchObject({ startAtLogin: false, notifications: 'failures' });
  });

  it('takes a reload\'s new values when nothing was edited, without taking the form down', async () => {
    let startAtLogin = true;
    const bridge = settingsBridge().handle('settings.get', () => ok({ ...settings, startAtLogin }));
    await openSettings(bridge);
    const box = (await screen.findByRole('checkbox', { name: 'Start Kura when I log in' })) as HTMLInputElement;
    await waitFor(() => expect(bridge.callsOf('settings.get')).toHaveLength(2));
    startAtLogin = false;
    await act(async () => useSettingsStore.getState().load());
    expect(box.isConnected).toBe(true);
    expect(box.checked).toBe(false);
  });

  it('a reload keeps the fields the admin edited and takes the others as they are now (a change made elsewhere is not undone by Save)', async () => {
    let server: SettingsDto = { ...settings, notifications: 'all', startAtLogin: true };
    const bridge = settingsBridge().handle('settings.get', () => ok(server));
    await openSettings(bridge);
    const box = (await screen.findByRole('checkbox', { name: 'Start Kura when I log in' })) as HTMLInputElement;
    await waitFor(() => expect(bridge.callsOf('settings.get')).toHaveLength(2));
    await userEvent.click(box); // edited here: off
    server = { ...server, notifications: 'off', startAtLogin: true }; // changed elsewhere (kura on the command line)
    await act(async () => useSettingsStore.getState().load());
    expect(box.checked).toBe(false);
    expect((screen.getByRole('radio', { name: 'Off' }) as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(bridge.callsOf('settings.save')).toHaveLength(1));
    expect(bridge.callsOf('settings.save')[0]![0]).toMatchObject({ startAtLogin: false, notifications: 'off' });
  });

  it('keeps what was saved when a reload asked before the save answers after it', async () => {
    let gets = 0;
    const late = deferred<ReturnType<typeof ok<SettingsDto>>>();
    const bridge = settingsBridge().handle('settings.get', () => (++gets <= 2 ? ok(settings) : late.promise));
    await openSettings(bridge);
    const box = (await screen.findByRole('checkbox', { name: 'Start Kura when I log in' })) as HTMLInputElement;
    await waitFor(() => expect(gets).toBe(2));
    let reload!: Promise<void>;
    act(() => void (reload = useSettingsStore.getState().load()));
    await userEvent.click(box);
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(bridge.callsOf('settings.save')).toHaveLength(1));
    await act(async () => {
      late.resolve(ok(settings)); // what the service had before the save
      await reload;
    });
    expect(box.checked).toBe(false);
    expect(useSettingsStore.getState().settings).toMatchObject({ kind: 'ready', value: { startAtLogin: false } });
  });

  it('shows a load error', async () => {
    let calls = 0;
    const bridge = settingsBridge().handle('settings.get', () => (++calls === 1 ? ok(settings) : fail('config.json is not valid JSON', 'Fix or delete the file.')));
    await openSettings(bridge);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the settings');
    expect(alert.textContent).toContain('Fix or delete the file.');
  });

  it('switches the language at once and saves every choice, tool overrides included', async () => {
    const bridge = settingsBridge();
    await openSettings(bridge);
    await userEvent.selectOptions(await screen.findByLabelText('Language'), 'ja');
    expect(i18n.language).toBe('ja');
    expect(await screen.findByRole('heading', { name: '設定', level: 1 })).toBeTruthy();
    await userEvent.click(screen.getByRole('radio', { name: '問題があったときだけ' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'ログイン時に Kura を起動する' }));
    const delay = screen.getByLabelText('遅れて実行するまでの待ち時間（分）');
    await userEvent.clear(delay);
    await userEvent.type(delay, '5');
    await userEvent.type(await screen.findByLabelText('mysqldump のパス'), '/opt/mariadb/bin/mysqldump');
    await userEvent.click(screen.getByRole('button', { name: '設定を保存' }));
    expect(await screen.findByText('設定を保存しました。')).toBeTruthy();
    expect(bridge.callsOf('settings.save')).toEqual([
      [{ language: 'ja', notifications: 'failures', catchUpDelaySeconds: 300, startAtLogin: false, toolPaths: { mysqldump: '/opt/mariadb/bin/mysqldump' } }],
    ]);
  });

  it('offers a path box for each program the resolver reads (ssh too), none for the keychain', async () => {
    const bridge = settingsBridge();
    await openSettings(bridge);
    for (const tool of ['rsync', 'ssh', 'mariadb-dump', 'mysqldump', 'mariadb', 'mysql']) expect(await screen.findByLabelText(`Path for ${tool}`)).toBeTruthy();
    expect(screen.queryByLabelText('Path for keychain')).toBeNull();
    expect(screen.queryByLabelText('Path for mysql-client')).toBeNull();
    await userEvent.type(screen.getByLabelText('Path for ssh'), 'C:\\cwRsync\\bin\\ssh.exe');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(bridge.callsOf('settings.save')).toHaveLength(1));
    expect((bridge.callsOf('settings.save')[0]![0] as { toolPaths: unknown }).toolPaths).toEqual({ ssh: 'C:\\cwRsync\\bin\\ssh.exe' });
  });

  it('says a tool path that does not exist at its box, in Japanese, and not "saved"', async () => {
    const bridge = shellBridge('ja')
      .answer('status.get', status([]))
      .answer('doctor.run', doctor)
      .handle('settings.save', (s) =>
        (s as SettingsDto).toolPaths['mysqldump']
          ? { ok: false, error: { code: 'tool-path-missing', params: { tool: 'mysqldump', path: '/opt/mariadb/bin/mysqldmup' }, message: 'x', hint: null } }
          : ok(s as SettingsDto),
      );
    await renderWith(<App />, bridge);
    await screen.findByRole('heading', { name: i18n.t('dashboard.emptyTitle') });
    act(() => useAppStore.getState().navigate({ name: 'settings' }));
    const box = await screen.findByLabelText(i18n.t('settings.overrideLabel', { tool: 'mysqldump' }));
    await userEvent.type(box, '/opt/mariadb/bin/mysqldmup');
    await userEvent.click(screen.getByRole('button', { name: i18n.t('settings.save') }));
    await waitFor(() => expect(box.getAttribute('aria-invalid')).toBe('true'));
    const said = document.getElementById(box.getAttribute('aria-describedby')!)!.textContent!;
    expect(said).toContain('/opt/mariadb/bin/mysqldmup にファイルがないため、mysqldump として使えません。');
    expect(said).toContain('空欄にして Kura に探させてください');
    expect(screen.queryByText(i18n.t('settings.saved'))).toBeNull();
  });

  it('keeps a save error on screen', async () => {
    const bridge = settingsBridge().handle('settings.save', () => fail('config.json is read-only', 'Check the folder permissions.'));
    await openSettings(bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('The settings could not be saved'));
  });
});
