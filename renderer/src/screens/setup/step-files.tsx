/** Step 2: website files — an rsync daemon, SSH, or a folder — with a connection test listing the top folders. */
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { TestRunning } from '../../components/test-running.js';
import { PasswordField } from '../../components/password-field.js';
import { SkipToggle } from '../../components/skip-toggle.js';
import type { FilesKind } from '../../lib/files-from.js';
import { useMode } from '../../stores/app-store.js';
import { useWizardStore } from '../../stores/wizard-store.js';

const kinds: FilesKind[] = ['daemon', 'ssh', 'local'];

export function StepFiles() {
  const { t } = useTranslation();
  const mode = useMode();
  const f = useWizardStore((s) => s.files);
  const errors = useWizardStore((s) => s.errors);
  const setSection = useWizardStore((s) => s.setSection);
  const cancelTest = useWizardStore((s) => s.cancelTest);
  const leaveHost = useWizardStore((s) => s.leaveFilesHost);
  const test = useWizardStore((s) => s.testFiles);
  const browse = useWizardStore((s) => s.browse);
  const set = (patch: Parameters<typeof setSection<'files'>>[1]) => setSection('files', patch);
  const server = useWizardStore((s) => s.server);
  const viaSsh = server.reach === 'ssh';

  return (
    <>
      <SkipToggle enabled={f.enabled} onChange={(enabled) => set({ enabled })} label={t('wizard.files.include')} />
      {f.enabled && viaSsh ? (
        <Field
          label={t('wizard.files.serverFolder', { host: server.host.trim() })}
          value={f.path}
          onChange={(path) => set({ path })}
          error={errors['files.path']}
          placeholder="/var/www/html/"
          help={t('wizard.files.serverFolderHelp')}
        />
      ) : null}
      {f.enabled && !viaSsh ? (
        <>
          <fieldset className="choices">
            <legend>{t('wizard.files.how')}</legend>
            {kinds.map((k) => (
              <label key={k} className="radio">
                <input type="radio" name="files-kind" value={k} checked={f.kind === k} onChange={() => set({ kind: k })} />
                <span>
                  {t(`wizard.files.kind.${k}`)}
                  <span className="muted block">{t(`wizard.files.kindHelp.${k}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {f.kind === 'daemon' ? (
            <div className="grid2">
              <Field label={t('wizard.common.host')} value={f.host} onChange={(host) => set({ host })} onBlur={leaveHost} error={errors['files.host']} placeholder="www.example.com" />
              <Field label={t('wizard.files.module')} value={f.module} onChange={(module) => set({ module })} error={errors['files.module']} />
              <Field label={t('wizard.files.subfolder')} value={f.path} onChange={(path) => set({ path })} />
              <Field label={t('wizard.files.daemonPort')} value={f.port} onChange={(port) => set({ port })} error={errors['files.port']} inputMode="numeric" placeholder="873" />
              <Field label={t('wizard.common.user')} value={f.user} onChange={(user) => set({ user })} autoComplete="off" />
              <PasswordField label={t('wizard.common.password')} value={f.password} stored={f.passwordStored} error={f.passwordError} onChange={(password) => set({ password })} />
            </div>
          ) : null}
          {f.kind === 'ssh' ? (
            <div className="grid2">
              <Field label={t('wizard.common.host')} value={f.host} onChange={(host) => set({ host })} error={errors['files.host']} />
              <Field label={t('wizard.common.user')} value={f.user} onChange={(user) => set({ user })} autoComplete="off" />
              <Field label={t('wizard.files.remoteFolder')} value={f.path} onChange={(path) => set({ path })} error={errors['files.path']} placeholder="/var/www/html/" />
              <Field label={t('wizard.files.sshPort')} value={f.sshPort} onChange={(sshPort) => set({ sshPort })} error={errors['files.sshPort']} inputMode="numeric" placeholder="22" />
              <Field label={t('wizard.files.sshKey')} value={f.sshKeyPath} onChange={(sshKeyPath) => set({ sshKeyPath })} help={t('wizard.files.sshKeyHelp')} />
            </div>
          ) : null}
          {f.kind === 'local' ? (
            <Field
              label={t('wizard.files.localFolder')}
              value={f.localPath}
              onChange={(localPath) => set({ localPath })}
              error={errors['files.localPath']}
              after={
                mode === 'electron' ? (
                  <button type="button" onClick={() => void browse('localPath', t('wizard.files.localFolder'))}>
                    {t('common.browse')}
                  </button>
                ) : null
              }
            />
          ) : null}
        </>
      ) : null}
      {f.enabled ? (
        <>
          <div className="field">
            <label htmlFor="files-exclude">{t('wizard.files.exclude')}</label>
            <textarea id="files-exclude" rows={3} value={f.exclude} onChange={(e) => set({ exclude: e.target.value })} aria-describedby="files-exclude-help" />
            <p id="files-exclude-help" className="help">
              {t('wizard.files.excludeHelp')}
            </p>
          </div>
          <div className="actions">
            <button type="button" onClick={() => void test()} disabled={f.test.kind === 'loading'}>
              {t('wizard.testConnection')}
            </button>
          </div>
          {f.test.kind === 'loading' ? <TestRunning label={t('wizard.testing')} onCancel={() => void cancelTest('files')} /> : null}
          {f.test.kind === 'error' ? <ErrorBox error={f.test.error} title={t('wizard.testFailed')} /> : null}
          {f.test.kind === 'ready' ? (
            <div className="ok-box" role="status">
              <strong>{t('wizard.files.testOk', { count: f.test.value.entries.length })}</strong>
              <ul className="entries">
                {f.test.value.entries.slice(0, 30).map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}
