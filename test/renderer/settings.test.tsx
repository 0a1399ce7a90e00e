import { act, screen, waitFor, within } from '@testing-library/react';
import { msg, verbatim } from '../../electron/shared/messages/index.js';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SettingsDto } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import i18n from '../../renderer/src/i18n/index.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { deferred, fail, ok } from './fake-bridge.js';
import { settings, shellBridge, status } from './fixtures.js';
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
  it('shows loading, then the settings and the tool check', async () => {
    const pending = deferred<ReturnType<typeof ok<SettingsDto>>>();
    let first = true;
    const bridge = settingsBridge().handle('settings.get', () => {
      if (first) {
        first = false;
        return ok(settings);
      }
      return pending.promise;
    });
    await openSettings(bridge);
    expect(await screen.findByText('Loading…')).toBeTruthy();
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
