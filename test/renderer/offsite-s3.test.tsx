/**
 * Off-site copies to a bucket in the UI, against the fake bridge: the setup wizard's step (keys go to
 * the keychain only; encryption cannot be turned on before the recovery kit was created and kept;
 * early pruning on Wasabi is priced), the recovery kit in Japanese, the dashboard's off-site line,
 * and a bucket opened from the restore wizard.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { JobConfigDto, RecoveryKitDto, S3TargetDto } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import { RecoveryKit } from '../../renderer/src/components/recovery-kit.js';
import { STEPS, useWizardStore } from '../../renderer/src/stores/wizard-store.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { FakeBridge, ok } from './fake-bridge.js';
import { shellBridge, shopJob, shopStatus, snapshot, status } from './fixtures.js';
import { renderWith } from './render.js';

const SECRET = 's3-Secret-Access-Key-zz9';
const PASSPHRASE = 'green tea 蔵 mountain river';
const IDENTITY = 'AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSHWKJWH';

const kit = (target: S3TargetDto): RecoveryKitDto => ({
  jobId: 'online-shop',
  jobName: 'Online shop',
  targetId: target.id,
  service: 'Wasabi',
  endpoint: target.endpoint ?? '',
  region: target.region ?? '',
  pathStyle: target.pathStyle,
  bucket: target.bucket,
  prefix: target.prefix,
  address: `s3://${target.bucket}/${target.prefix}`,
  accessKeyId: target.accessKeyId,
  identity: IDENTITY,
  passphrase: PASSPHRASE,
  commands: { download: 'rclone copy …', key: 'age -d -o kura-key.txt kura-copy/kura-key.age', restore: 'S=…', withKura: `kura restore --from 's3://${target.bucket}/${target.prefix}' latest --source <source> …` },
  createdAt: '2025-03-04T00:00:00.000Z',
});

function wizardBridge(): FakeBridge {
  return shellBridge('en', 'browser')
    .answer('status.get', status([]))
    .answer('system.freeSpace', { path: '/mnt/backup', exists: true, freeBytes: 200 * 1024 ** 3, totalBytes: 500 * 1024 ** 3 })
    .handle('secrets.set', () => ok(undefined))
    .answer('offsite.testS3', { objectLock: true, versioning: true, existing: null })
    .handle('offsite.recoveryKit', (_job, _name, target) => ok(kit(target as S3TargetDto)))
    .handle('jobs.save', (job) => ok(job as unknown as JobConfigDto));
}

const next = () => userEvent.click(screen.getByRole('button', { name: 'Next' }));

describe('the setup wizard’s off-site step', () => {
  it('keeps the keys in the keychain, refuses encryption until the recovery kit is kept, and saves the bucket', async () => {
    const bridge = wizardBridge();
    await renderWith(<App />, bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Set up a backup' }));
    // Straight to the off-site step of a job with a folder to back up and a short retention.
    act(() => {
      const w = useWizardStore.getState();
      useWizardStore.setState({
        name: 'Online shop',
        jobId: 'online-shop',
        destination: '/mnt/backup',
        step: STEPS.indexOf('offsite'),
        server: { ...w.server, reach: 'local' },
        files: { ...w.files, kind: 'local', localPath: '/srv/www' },
        mysql: { ...w.mysql, enabled: false },
        redis: { ...w.redis, enabled: false },
      });
      useWizardStore.getState().setRetention({ values: { keepLast: 3, keepDaily: 3, keepWeekly: 0, keepMonthly: 0 } });
    });
    await screen.findByRole('heading', { name: /Step 8 of 9 — Off-site copy/ });
    await userEvent.click(screen.getByRole('checkbox', { name: /Copy the backups to S3-compatible storage/ }));
    expect((screen.getByLabelText('Service') as HTMLSelectElement).value).toBe('wasabi');
    expect((screen.getByLabelText('Endpoint (URL)') as HTMLInputElement).value).toBe('https://s3.ap-northeast-1.wasabisys.com');
    // Wasabi bills 90 days per object: a 3-day retention is priced before anything is uploaded.
    expect(screen.getByText(/Wasabi bills every object for at least 90 days/)).toBeTruthy();

    await next();
    expect(screen.getByText(/Enter the bucket name/)).toBeTruthy();
    expect(screen.getByText('Enter the access key ID.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Bucket'), 'shop-backup');
    await userEvent.type(screen.getByLabelText('Folder in the bucket (prefix)'), 'kura');
    expect(screen.getByText('Kura keeps this job’s copies in s3://shop-backup/kura/online-shop/.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Access key ID'), 'WASABIKEY');
    await userEvent.type(screen.getByLabelText('Secret access key'), SECRET);
    await userEvent.click(screen.getByRole('button', { name: 'Test the connection' }));
    expect(await screen.findByText(/The bucket has Object Lock/)).toBeTruthy();
    expect(bridge.callsOf('secrets.set')).toEqual([['online-shop-cloud-s3', SECRET]]);
    await userEvent.click(screen.getByRole('radio', { name: /^Compliance/ }));

    await userEvent.type(screen.getByLabelText('Passphrase'), 'short');
    await next();
    expect(screen.getByText('The passphrase needs at least 12 characters.')).toBeTruthy();
    await userEvent.clear(screen.getByLabelText('Passphrase'));
    await userEvent.type(screen.getByLabelText('Passphrase'), PASSPHRASE);
    await userEvent.type(screen.getByLabelText('Passphrase again'), PASSPHRASE);
    await next();
    // Encryption without a kit the admin kept: not possible.
    expect(screen.getByText(/Create the recovery kit and confirm that you kept it/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Step 8 of 9/ })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Create the recovery kit' }));
    const kitPage = await screen.findByRole('article', { name: 'Kura recovery kit — Online shop' });
    expect(within(kitPage).getByText(IDENTITY)).toBeTruthy();
    expect(within(kitPage).getByText(PASSPHRASE)).toBeTruthy();
    expect(within(kitPage).getByText(/cannot be decrypted by anyone — Kura included/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Print, or save as PDF' })).toBeTruthy();
    await next();
    expect(screen.getByRole('heading', { name: /Step 8 of 9/ })).toBeTruthy();
    await userEvent.click(screen.getByRole('checkbox', { name: /I have printed or saved the recovery kit/ }));
    await next();
    await screen.findByRole('heading', { name: /Step 9 of 9/ });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(bridge.callsOf('jobs.save').length, JSON.stringify(useWizardStore.getState().errors)).toBe(1));
    const saved = bridge.callsOf('jobs.save')[0]![0] as JobConfigDto;
    expect(saved.offsite).toEqual([
      {
        id: 'cloud',
        type: 's3',
        provider: 'wasabi',
        endpoint: 'https://s3.ap-northeast-1.wasabisys.com',
        region: 'ap-northeast-1',
        bucket: 'shop-backup',
        prefix: 'kura/',
        pathStyle: false,
        accessKeyId: 'WASABIKEY',
        secretRef: 'online-shop-cloud-s3',
        encryption: { passphraseRef: 'online-shop-cloud-passphrase', identityRef: 'online-shop-cloud-age' },
        objectLock: { mode: 'COMPLIANCE' },
      },
    ]);
    // The secret and the passphrase went to the keychain and nowhere else.
    const elsewhere = JSON.stringify(bridge.calls.filter((c) => c.method !== 'secrets.set'));
    expect(elsewhere).not.toContain(SECRET);
    expect(elsewhere).not.toContain(PASSPHRASE);
    expect(bridge.callsOf('secrets.set')).toEqual([
      ['online-shop-cloud-s3', SECRET],
      ['online-shop-cloud-passphrase', PASSPHRASE],
    ]);
  });

  it('editing a job keeps its other off-site targets (an rsync server) and its bucket', async () => {
    const job: JobConfigDto = {
      ...shopJob,
      offsite: [
        { id: 'dc', to: 'rsync://kura@dc.example.jp/kura/', passwordRef: 'dc' },
        { id: 'cloud', type: 's3', provider: 'aws', region: 'ap-northeast-1', bucket: 'shop-tokyo', prefix: '', pathStyle: false, accessKeyId: 'A', secretRef: 'shop-cloud-s3', encryption: { passphraseRef: 'p', identityRef: 'i' } },
      ],
    };
    const bridge = wizardBridge().answer('jobs.get', job).answer('secrets.has', true).answer('status.get', status([shopStatus]));
    await renderWith(<App />, bridge);
    act(() => useAppStore.getState().navigate({ name: 'setup', jobId: 'shop' }));
    await screen.findByRole('heading', { name: /Step 1 of 9/ });
    act(() => useWizardStore.setState({ step: STEPS.indexOf('offsite') }));
    expect(await screen.findByText(/also copies to 1 other place, kept as it is: rsync:\/\/kura@dc.example.jp\/kura\//)).toBeTruthy();
    act(() => useWizardStore.setState({ step: STEPS.indexOf('summary') }));
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    await waitFor(() => expect(bridge.callsOf('jobs.save').length, JSON.stringify(useWizardStore.getState().errors)).toBe(1));
    expect((bridge.callsOf('jobs.save')[0]![0] as JobConfigDto).offsite).toEqual(job.offsite);
  });
});

describe('the recovery kit in Japanese', () => {
  it('has no English sentence outside the facts and the commands', async () => {
    const target: S3TargetDto = { id: 'cloud', type: 's3', endpoint: 'https://s3.ap-northeast-1.wasabisys.com', region: 'ap-northeast-1', bucket: 'shop-backup', prefix: 'kura/', pathStyle: false, accessKeyId: 'WASABIKEY', secretRef: 'x' };
    const { container } = await renderWith(<RecoveryKit kit={kit(target)} />, new FakeBridge(), 'ja');
    expect(screen.getByRole('heading', { name: 'Kura リカバリーキット — Online shop' })).toBeTruthy();
    expect(container.textContent).toContain('誰にも（Kura にも）復号できません');
    for (const el of container.querySelectorAll('h3, h4, p, dt')) {
      const prose = el.textContent!.replace(/(AGE-SECRET-KEY-1\S+|kura-key\.\S+|read -rs SECRET_ACCESS_KEY|kura-restore\/|rclone|gunzip|mysql|Redis|RDB|Kura|age|bash|S3|ID|URL)/g, ' ');
      expect(prose, el.textContent!).not.toMatch(/[A-Za-z]+\s+[A-Za-z]+\s+[A-Za-z]+/);
    }
  });
});

describe('the dashboard’s off-site line', () => {
  it('says in Japanese that the copy failed, and why, for each target', async () => {
    const bridge = shellBridge('ja').answer(
      'status.get',
      status([
        {
          ...shopStatus,
          offsite: [
            {
              target: 'cloud',
              to: 's3://shop-backup/kura/',
              kind: 's3',
              encrypted: true,
              status: 'failed',
              lastPushedAt: '2025-03-03T00:10:00.000Z',
              pending: 1,
              consecutiveFailures: 2,
              error: { code: 's3-wrong-secret-key', message: 'The S3 service at https://s3.example refused the secret access key: it does not match the access key id.', hint: null, params: { endpoint: 'https://s3.example' } },
            },
          ],
        },
      ]),
    );
    await renderWith(<App />, bridge, 'ja');
    const line = await screen.findByText('s3://shop-backup/kura/');
    const dd = line.closest('dd')!;
    expect(dd.textContent).toContain('暗号化');
    expect(dd.textContent).toContain('直近 2 回のコピーが失敗しました');
    expect(dd.textContent).toContain('https://s3.example の S3 サービスがシークレットアクセスキーを拒否しました');
  });
});

describe('the restore wizard opens a bucket', () => {
  it('keeps the typed keys in the keychain and lists the bucket’s snapshots with them', async () => {
    const bridge = shellBridge('en', 'browser')
      .answer('status.get', status([]))
      .answer('jobs.list', [])
      .handle('secrets.set', () => ok(undefined))
      .answer('snapshots.list', [{ ...snapshot, path: 's3://shop-backup/kura/shop/snapshots/2025-03-04T00-00-00Z/' }]);
    await renderWith(<App />, bridge);
    act(() => useAppStore.getState().navigate({ name: 'restore' }));
    await userEvent.type(await screen.findByLabelText(/Or an off-site copy/), 's3://shop-backup/kura/');
    await userEvent.type(screen.getByLabelText('Endpoint (URL)'), 'https://s3.ap-northeast-1.wasabisys.com');
    await userEvent.type(screen.getByLabelText('Access key ID'), 'WASABIKEY');
    await userEvent.type(screen.getByLabelText('Secret access key'), SECRET);
    await userEvent.type(screen.getByLabelText('Passphrase'), PASSPHRASE);
    await userEvent.click(screen.getByRole('button', { name: 'Open the off-site copy' }));
    await waitFor(() => expect(bridge.callsOf('snapshots.list').length).toBe(1));
    expect(bridge.callsOf('snapshots.list')[0]).toEqual([
      {
        location: 's3://shop-backup/kura/',
        access: { s3: { endpoint: 'https://s3.ap-northeast-1.wasabisys.com', pathStyle: true, accessKeyId: 'WASABIKEY', secretRef: 'kura-open-location-s3', passphraseRef: 'kura-open-location-passphrase' } },
      },
    ]);
    expect(bridge.callsOf('secrets.set')).toEqual([
      ['kura-open-location-s3', SECRET],
      ['kura-open-location-passphrase', PASSPHRASE],
    ]);
    expect(JSON.stringify(bridge.calls.filter((c) => c.method !== 'secrets.set'))).not.toContain(SECRET);
  });
});
