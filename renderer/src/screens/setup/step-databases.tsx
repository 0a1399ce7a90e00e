/**
 * Step 3: MySQL/MariaDB. The test lists the server's databases to tick and, for the ticked ones,
 * any privilege the backup user lacks with the GRANT that fixes it (the admin pastes it into
 * phpMyAdmin or the hosting panel).
 */
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { TestRunning } from '../../components/test-running.js';
import { PasswordField } from '../../components/password-field.js';
import { SkipToggle } from '../../components/skip-toggle.js';
import { useWizardStore } from '../../stores/wizard-store.js';
import { StandbysEditor } from './standbys-editor.js';

export function StepDatabases() {
  const { t } = useTranslation();
  const m = useWizardStore((s) => s.mysql);
  const errors = useWizardStore((s) => s.errors);
  const setSection = useWizardStore((s) => s.setSection);
  const toggle = useWizardStore((s) => s.toggleDatabase);
  const cancelTest = useWizardStore((s) => s.cancelTest);
  const test = useWizardStore((s) => s.testMysql);
  const set = (patch: Parameters<typeof setSection<'mysql'>>[1]) => setSection('mysql', patch);
  const viaSsh = useWizardStore((s) => s.server.reach === 'ssh');

  return (
    <>
      <SkipToggle enabled={m.enabled} onChange={(enabled) => set({ enabled })} label={t('wizard.mysql.include')} />
      {m.enabled ? (
        <>
          <div className="grid2">
            <Field
              label={viaSsh ? t('wizard.common.hostFromServer') : t('wizard.common.host')}
              value={m.host}
              onChange={(host) => set({ host })}
              error={errors['mysql.host']}
              {...(viaSsh ? { help: t('wizard.common.hostFromServerHelp') } : {})}
            />
            <Field label={t('wizard.common.port')} value={m.port} onChange={(port) => set({ port })} error={errors['mysql.port']} inputMode="numeric" />
            <Field label={t('wizard.common.user')} value={m.user} onChange={(user) => set({ user })} error={errors['mysql.user']} autoComplete="off" />
            <PasswordField label={t('wizard.common.password')} value={m.password} stored={m.passwordStored} error={m.passwordError} onChange={(password) => set({ password })} />
          </div>
          <div className="actions">
            <button type="button" onClick={() => void test()} disabled={m.test.kind === 'loading'}>
              {t('wizard.testConnection')}
            </button>
          </div>
          {m.test.kind === 'loading' ? <TestRunning label={t('wizard.testing')} onCancel={() => void cancelTest('mysql')} /> : null}
          {m.test.kind === 'error' ? <ErrorBox error={m.test.error} title={t('wizard.testFailed')} /> : null}
          {m.test.kind === 'ready' ? (
            <p className="ok-box" role="status">
              {t('wizard.mysql.testOk', { version: m.test.value.serverVersion, count: m.test.value.databases.length })}
            </p>
          ) : null}
          {m.available.length > 0 ? (
            <fieldset className="choices" aria-describedby={errors['mysql.databases'] ? 'mysql-db-err' : undefined}>
              <legend>{t('wizard.mysql.databases')}</legend>
              {m.available.map((db) => (
                <label key={db} className="check">
                  <input type="checkbox" checked={m.databases.includes(db)} onChange={(e) => toggle(db, e.target.checked)} />
                  {db}
                </label>
              ))}
            </fieldset>
          ) : (
            <p className="muted">{t('wizard.mysql.testFirst')}</p>
          )}
          {errors['mysql.databases'] ? (
            <p id="mysql-db-err" className="field-error">
              {t(errors['mysql.databases'])}
            </p>
          ) : null}
          {m.test.kind === 'ready' && m.test.value.missingPrivileges.length > 0 ? (
            <div className="warn-box" role="alert">
              <strong>{t('wizard.mysql.missingTitle')}</strong>
              <p>{t('wizard.mysql.missingText')}</p>
              <ul>
                {m.test.value.missingPrivileges.map((p) => (
                  <li key={`${p.database}-${p.privilege}`}>
                    {t('wizard.mysql.missingItem', { privilege: p.privilege, database: p.database })}
                    <code className="grant">{p.grant}</code>
                  </li>
                ))}
              </ul>
              <p className="muted">{t('wizard.mysql.retestHint')}</p>
            </div>
          ) : null}
          <StandbysEditor section="mysql" />
        </>
      ) : null}
    </>
  );
}
