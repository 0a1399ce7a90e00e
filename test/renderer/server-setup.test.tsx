/**
 * The "Server setup help" screen against a fake bridge: reachable from the job card and from the
 * wizard's summary, loading and error states, every snippet with where it goes, its code, the
 * follow-up commands and notes, copying (clipboard and the manual fallback), and the confirmed
 * "new passwords" action that replaces the stored ones.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result, ServerSetupDto } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { STEPS, useWizardStore } from '../../renderer/src/stores/wizard-store.js';
import { deferred, fail, ok } from './fake-bridge.js';
import { shellBridge, shopJob, shopStatus, status } from './fixtures.js';
import { renderWith } from './render.js';

const setup = (change: 'kept' | 'new' | 'replaced', password = 'Str0ng-Pa55word-from-keychain'): ServerSetupDto => ({
  jobId: 'shop',
  snippets: [
    {
      id: 'rsyncd-module:files',
      title: 'rsync module "www" for the website files (read only)',
      for: { kind: 'source', id: 'files' },
      server: 'shop.example.com',
      where: 'Append to /etc/rsyncd.conf on shop.example.com',
      language: 'rsyncd.conf',
      content: '[www]\n    path = /var/www/html\n    read only = yes\n    auth users = backup\n',
      then: ['sudo systemctl enable --now rsync', 'sudo systemctl restart rsync'],
      notes: ['The module runs as www-data: the account that can read the website files.'],
    },
    {
      id: 'rsyncd-secrets:files',
      title: 'Password line for user "backup"',
      for: { kind: 'source', id: 'files' },
      server: 'shop.example.com',
      where: 'Add to /etc/rsyncd.secrets on shop.example.com (one "user:password" line per user)',
      language: 'rsyncd.secrets',
      content: `backup:${password}\n`,
      then: ['sudo chown root:root /etc/rsyncd.secrets', 'sudo chmod 600 /etc/rsyncd.secrets'],
      notes: ['Kura already has this password in the keychain.'],
    },
    {
      id: 'mysql-backup-user:mysql',
      title: 'MySQL/MariaDB backup account "backup" for shop',
      for: { kind: 'source', id: 'mysql' },
      server: 'db.example.com',
      where: 'Run as the database administrator on db.example.com:3306',
      language: 'sql',
      content: `CREATE USER IF NOT EXISTS 'backup'@'%' IDENTIFIED BY '${password}';\nGRANT SELECT, SHOW VIEW ON \`shop\`.* TO 'backup'@'%';\n`,
      then: [],
      notes: [],
    },
  ],
  passwords: [
    { ref: 'shop-files', for: 'source "files" of job "shop"', change },
    { ref: 'shop-mysql', for: 'source "mysql" of job "shop"', change },
  ],
  configChanges: [],
});

const originalClipboard = Object.getOwnPropertyDescriptor(window.navigator, 'clipboard');
afterEach(() => {
  if (originalClipboard) Object.defineProperty(window.navigator, 'clipboard', originalClipboard);
  else delete (window.navigator as { clipboard?: unknown }).clipboard;
});
function useClipboard(clipboard: { writeText(text: string): Promise<void> } | undefined): void {
  Object.defineProperty(window.navigator, 'clipboard', { value: clipboard, configurable: true });
}

async function openFromCard(bridge: ReturnType<typeof shellBridge>, lang: 'en' | 'ja' = 'en') {
  await renderWith(<App />, bridge.answer('status.get', status([shopStatus])), lang);
  const card = await screen.findByRole('article', { name: 'Online shop' });
  await userEvent.click(within(card).getByRole('button', { name: lang === 'en' ? 'Server setup help…' : 'サーバー側の設定…' }));
}

describe('Server setup help', () => {
  it('opens from the job card, shows a loading line, then every snippet with where it goes, commands and notes', async () => {
    const pending = deferred<Result<ServerSetupDto>>();
    const bridge = shellBridge('en').handle('setup.serverSnippets', () => pending.promise);
    await openFromCard(bridge);
    expect(useAppStore.getState().screen).toEqual({ name: 'server-setup', jobId: 'shop' });
    expect(await screen.findByRole('heading', { name: 'Server setup help — Online shop', level: 1 })).toBeTruthy();
    expect(screen.getByText('Preparing the server setup…')).toBeTruthy();
    // Opening the screen keeps the stored passwords.
    expect(bridge.callsOf('setup.serverSnippets')).toEqual([['shop', { reusePasswords: true }]]);

    await act(async () => pending.resolve(ok(setup('kept'))));
    const module = await screen.findByRole('article', { name: 'rsync module "www" for the website files (read only)' });
    const m = within(module);
    expect(m.getByText('Append to /etc/rsyncd.conf on shop.example.com')).toBeTruthy();
    expect(m.getByText('shop.example.com')).toBeTruthy();
    expect(m.getByLabelText('rsync module "www" for the website files (read only)').textContent).toBe('[www]\n    path = /var/www/html\n    read only = yes\n    auth users = backup\n');
    expect(m.getByRole('heading', { name: 'Then run' })).toBeTruthy();
    expect(m.getByLabelText(/^Commands to run after/).textContent).toBe('sudo systemctl enable --now rsync\nsudo systemctl restart rsync');
    expect(m.getByText('The module runs as www-data: the account that can read the website files.')).toBeTruthy();

    const secrets = screen.getByRole('article', { name: 'Password line for user "backup"' });
    expect(within(secrets).getByLabelText('Password line for user "backup"').textContent).toBe('backup:Str0ng-Pa55word-from-keychain\n');
    expect(within(secrets).getByLabelText(/^Commands to run after/).textContent).toContain('sudo chmod 600 /etc/rsyncd.secrets');

    const sql = screen.getByRole('article', { name: 'MySQL/MariaDB backup account "backup" for shop' });
    expect(within(sql).queryByRole('heading', { name: 'Then run' })).toBeNull();
    expect(screen.getByText('shop-files: the password already saved in Kura (unchanged).')).toBeTruthy();
    expect(screen.queryByText('New passwords are saved in Kura')).toBeNull();
    expect(screen.queryByText('Preparing the server setup…')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Back to the dashboard' }));
    expect(useAppStore.getState().screen).toEqual({ name: 'dashboard' });
  });

  it('shows why the setup could not be prepared, and tries again with the address given', async () => {
    let answer: Result<ServerSetupDto> = fail('"x y" is not an address list.', 'Give an IP address, a network such as 203.0.113.0/24, or a host name.', 'usage');
    const bridge = shellBridge('en').handle('setup.serverSnippets', () => answer);
    await openFromCard(bridge);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server setup could not be prepared');
    expect(alert.textContent).toContain('"x y" is not an address list.');
    expect(alert.textContent).toContain('Give an IP address');

    answer = ok(setup('kept'));
    await userEvent.type(screen.getByLabelText("This computer's address, as the servers see it (optional)"), '203.0.113.7');
    await userEvent.click(screen.getByRole('button', { name: 'Update' }));
    expect(await screen.findByRole('article', { name: 'Password line for user "backup"' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(bridge.callsOf('setup.serverSnippets').at(-1)).toEqual(['shop', { reusePasswords: true, allow: '203.0.113.7' }]);
  });

  it('copies a snippet to the clipboard, and asks for Ctrl+C where there is no clipboard', async () => {
    const bridge = shellBridge('en').answer('setup.serverSnippets', setup('kept'));
    await openFromCard(bridge);
    const secrets = await screen.findByRole('article', { name: 'Password line for user "backup"' });
    const copied: string[] = [];
    useClipboard({ writeText: async (text) => void copied.push(text) });
    fireEvent.click(within(secrets).getByRole('button', { name: 'Copy: Password line for user "backup"' }));
    await waitFor(() => expect(within(secrets).getByText('Copied.')).toBeTruthy());
    expect(copied).toEqual(['backup:Str0ng-Pa55word-from-keychain\n']);

    useClipboard({ writeText: () => Promise.reject(new Error('NotAllowedError')) });
    const module = screen.getByRole('article', { name: 'rsync module "www" for the website files (read only)' });
    fireEvent.click(within(module).getByRole('button', { name: 'Copy: rsync module "www" for the website files (read only)' }));
    expect(await within(module).findByText(/Copying is not available here/)).toBeTruthy();
    // The text is selected for the admin to copy by hand.
    expect(window.getSelection()?.toString()).toContain('[www]');

    useClipboard(undefined);
    const sql = screen.getByRole('article', { name: 'MySQL/MariaDB backup account "backup" for shop' });
    fireEvent.click(within(sql).getByRole('button', { name: /^Copy: MySQL/ }));
    expect(await within(sql).findByText(/press Ctrl\+C/)).toBeTruthy();
  });

  it('generates new passwords only after confirming, and then says the servers need the new lines', async () => {
    const bridge = shellBridge('en').handle('setup.serverSnippets', (_job, req) => ok(req.reusePasswords === false ? setup('replaced', 'Brand-N3w-password') : setup('kept')));
    await openFromCard(bridge);
    await screen.findByRole('article', { name: 'Password line for user "backup"' });

    await userEvent.click(screen.getByRole('button', { name: 'Generate new passwords…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Replace the saved passwords?' });
    expect(dialog.textContent).toContain('This replaces 2 passwords');
    expect(dialog.textContent).toContain('backups of this job will fail to log in');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(bridge.callsOf('setup.serverSnippets')).toEqual([['shop', { reusePasswords: true }]]);

    await userEvent.click(screen.getByRole('button', { name: 'Generate new passwords…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Replace the passwords' }));
    expect(bridge.callsOf('setup.serverSnippets').at(-1)).toEqual(['shop', { reusePasswords: false }]);
    const warning = await screen.findByText('New passwords are saved in Kura');
    expect(warning.parentElement!.textContent).toContain('Replaced: shop-files, shop-mysql.');
    expect(screen.getByLabelText('Password line for user "backup"', { selector: 'pre' }).textContent).toBe('backup:Brand-N3w-password\n');
    expect(screen.getByText('shop-files: a new password replaced the one saved in Kura.')).toBeTruthy();

    // A later refresh keeps passwords (and reports them as kept), but the warning stays.
    await userEvent.click(screen.getByRole('button', { name: 'Update' }));
    await screen.findByText('shop-files: the password already saved in Kura (unchanged).');
    expect(screen.getByText('New passwords are saved in Kura')).toBeTruthy();
  });

  it('opens from the setup wizard once the job is saved', async () => {
    const bridge = shellBridge('en').answer('jobs.get', shopJob).handle('secrets.has', () => ok(true)).answer('schedules.describe', { valid: true, error: null, sentence: 'Every day at 00:00', nextRuns: [] }).answer('setup.serverSnippets', setup('kept'));
    await renderWith(<App />, bridge);
    act(() => useAppStore.getState().navigate({ name: 'setup', jobId: 'shop' }));
    await screen.findByLabelText('Name');
    act(() => useWizardStore.setState({ step: STEPS.indexOf('summary'), saved: { kind: 'ready', value: shopJob } }));
    await userEvent.click(await screen.findByRole('button', { name: 'Server setup help…' }));
    expect(useAppStore.getState().screen).toEqual({ name: 'server-setup', jobId: 'shop' });
    expect(await screen.findByRole('article', { name: 'Password line for user "backup"' })).toBeTruthy();
  });

  it('speaks Japanese around the engine\'s snippets', async () => {
    const bridge = shellBridge('ja').answer('setup.serverSnippets', setup('new'));
    await openFromCard(bridge, 'ja');
    expect(await screen.findByRole('heading', { name: 'サーバー側の設定 — Online shop', level: 1 })).toBeTruthy();
    const secrets = await screen.findByRole('article', { name: 'Password line for user "backup"' });
    expect(within(secrets).getByText('貼り付ける場所')).toBeTruthy();
    expect(within(secrets).getByRole('heading', { name: 'その後に実行するコマンド' })).toBeTruthy();
    expect(within(secrets).getByRole('button', { name: 'コピー: Password line for user "backup"' }).textContent).toBe('コピー');
    expect(screen.getByText('shop-files: 新しいパスワードを作成し、Kura に保存しました。')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Password line for user "backup"' }).getAttribute('lang')).toBe('en');
  });
});
