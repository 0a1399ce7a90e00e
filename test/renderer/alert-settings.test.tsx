/**
 * Settings → Alerts against a fake bridge: the mail channel filled in and tested (the password goes
 * to the keychain and nowhere else, then only its reference travels), the server's refusal shown in
 * the admin's language, a field typed wrong refused where it is typed, a webhook added and tested,
 * the heartbeat explained in one sentence with its two links, and the whole saved — in English and
 * in Japanese.
 */
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AlertsDto } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { ok } from './fake-bridge.js';
import { shellBridge, status } from './fixtures.js';
import { renderWith } from './render.js';

const PASSWORD = 'app-pass-1234';
const HOOK = 'https://hooks.slack.com/services/T0/B0/secret';

function bridge(lang: 'en' | 'ja') {
  return shellBridge(lang)
    .answer('status.get', status([]))
    .answer('secrets.has', false)
    .handle('secrets.set', () => ok(undefined))
    .handle('alerts.save', (a) => ok(a as AlertsDto));
}

async function open(b: ReturnType<typeof bridge>, lang: 'en' | 'ja') {
  await renderWith(<App />, b, lang);
  await screen.findByRole('heading', { level: 1 });
  act(() => useAppStore.getState().navigate({ name: 'settings' }));
}

describe('Settings → Alerts', () => {
  it('mail: refuses a wrong address where it is typed, then tests with the password in the keychain only, and shows the server\'s refusal', async () => {
    const b = bridge('en').handle('alerts.test', () => ({
      ok: false,
      error: { code: 'alert-smtp-auth', params: { server: 'smtp.example.jp:587', user: 'kura@example.jp', reply: '535 5.7.8 Authentication failed' }, message: 'x', hint: 'y' },
    }));
    await open(b, 'en');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Send alerts by e-mail' }));
    await user.type(screen.getByLabelText('Mail server (SMTP)'), 'smtp.example.jp');
    await user.type(screen.getByLabelText('User name (usually the mail address)'), 'kura@example.jp');
    await user.type(screen.getByLabelText(/^Password/), PASSWORD);
    await user.type(screen.getByLabelText('Sender address'), 'kura@example');
    await user.type(screen.getByLabelText('Send to (one address per line)'), 'owner@example.jp');
    const [mailTest] = screen.getAllByRole('button', { name: 'Send a test' });
    await user.click(mailTest!);
    expect(await screen.findByText('Enter a mail address such as owner@example.jp.')).toBeTruthy();
    expect(b.callsOf('alerts.test')).toHaveLength(0);
    await user.clear(screen.getByLabelText('Sender address'));
    await user.type(screen.getByLabelText('Sender address'), 'kura@example.jp');
    await waitFor(() => expect(screen.queryByText('Enter a mail address such as owner@example.jp.')).toBeNull());
    await user.click(screen.getAllByRole('button', { name: 'Send a test' })[0]!);
    expect(await screen.findByText('The test could not be sent')).toBeTruthy();
    expect(screen.getByText('The mail server smtp.example.jp:587 refused the login of kura@example.jp: 535 5.7.8 Authentication failed')).toBeTruthy();
    expect(b.callsOf('secrets.set')).toEqual([['alerts-smtp', PASSWORD]]);
    const [sent, channel] = b.callsOf('alerts.test')[0]!;
    expect(channel).toEqual({ kind: 'email' });
    expect(sent).toMatchObject({ email: { host: 'smtp.example.jp', port: 587, security: 'starttls', user: 'kura@example.jp', passwordRef: 'alerts-smtp', from: 'kura@example.jp', to: ['owner@example.jp'] } });
    expect(JSON.stringify(b.calls.filter((c) => c.method !== 'secrets.set'))).not.toContain(PASSWORD);
    expect((screen.getByLabelText(/^Password/) as HTMLInputElement).value).toBe('');
    expect(screen.getByText(/Stored in the keychain\. Type to replace it\./)).toBeTruthy();
  });

  it('a Slack webhook: the address to the keychain, tested and saved by reference; the heartbeat sentence with its two links', async () => {
    const b = bridge('en').handle('alerts.test', () => ok(undefined));
    await open(b, 'en');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add a webhook' }));
    await user.type(screen.getByLabelText('Webhook address'), HOOK);
    await user.click(screen.getByRole('button', { name: 'Send a test' }));
    expect(await screen.findByText('The test was sent. Check that it arrived.')).toBeTruthy();
    const [[ref, url]] = b.callsOf('secrets.set') as [[string, string]];
    expect(ref).toMatch(/^alerts-webhook-/);
    expect(url).toBe(HOOK);
    expect(b.callsOf('alerts.test')[0]).toEqual([{ webhooks: [{ urlRef: ref, format: 'slack' }] }, { kind: 'webhook', index: 0 }]);
    expect(screen.getByText(/Kura pings this address when each backup starts and ends/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'healthchecks.io' }).getAttribute('href')).toBe('https://healthchecks.io/');
    expect(screen.getByRole('link', { name: 'Uptime Kuma' }).getAttribute('href')).toBe('https://uptime.kuma.pet/');
    await user.click(screen.getByRole('button', { name: 'Save the alert settings' }));
    expect(await screen.findByText('Alert settings saved.')).toBeTruthy();
    expect(b.callsOf('alerts.save')[0]).toEqual([{ webhooks: [{ urlRef: ref, format: 'slack' }] }]);
    expect(JSON.stringify(b.calls.filter((c) => c.method !== 'secrets.set'))).not.toContain('secret');
  });

  it('in Japanese', async () => {
    await open(bridge('ja'), 'ja');
    expect(await screen.findByRole('heading', { name: 'メールやチャットへの通知' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'メールで通知する' })).toBeTruthy();
    expect(screen.getByText(/Kura はバックアップの開始時と終了時にこのアドレスへ通知を送るので/)).toBeTruthy();
    expect(screen.getByRole('button', { name: '通知設定を保存' })).toBeTruthy();
  });
});
