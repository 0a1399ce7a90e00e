/**
 * Step 4: Redis. The test shows the version, the keys per database and whether the server allows
 * SYNC; managed Redis often refuses it, and then the file method (BGSAVE + copy) is suggested.
 */
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { TestRunning } from '../../components/test-running.js';
import { PasswordField } from '../../components/password-field.js';
import { SkipToggle } from '../../components/skip-toggle.js';
import { formatNumber } from '../../lib/format.js';
import { useWizardStore } from '../../stores/wizard-store.js';
import { StandbysEditor } from './standbys-editor.js';

export function StepRedis() {
  const { t } = useTranslation();
  const r = useWizardStore((s) => s.redis);
  const errors = useWizardStore((s) => s.errors);
  const setSection = useWizardStore((s) => s.setSection);
  const cancelTest = useWizardStore((s) => s.cancelTest);
  const test = useWizardStore((s) => s.testRedis);
  const set = (patch: Parameters<typeof setSection<'redis'>>[1]) => setSection('redis', patch);
  const viaSsh = useWizardStore((s) => s.server.reach === 'ssh');

  return (
    <>
      <SkipToggle enabled={r.enabled} onChange={(enabled) => set({ enabled })} label={t('wizard.redis.include')} />
      {r.enabled ? (
        <>
          <div className="grid2">
            <Field
              label={viaSsh ? t('wizard.common.hostFromServer') : t('wizard.common.host')}
              value={r.host}
              onChange={(host) => set({ host })}
              error={errors['redis.host']}
              {...(viaSsh ? { help: t('wizard.common.hostFromServerHelp') } : {})}
            />
            <Field label={t('wizard.common.port')} value={r.port} onChange={(port) => set({ port })} error={errors['redis.port']} inputMode="numeric" />
            <Field label={t('wizard.redis.username')} value={r.username} onChange={(username) => set({ username })} help={t('wizard.redis.usernameHelp')} autoComplete="off" />
            <PasswordField label={t('wizard.common.password')} value={r.password} stored={r.passwordStored} error={r.passwordError} onChange={(password) => set({ password })} />
          </div>
          {viaSsh ? null : (
          <fieldset className="choices">
            <legend>{t('wizard.redis.method')}</legend>
            {(['sync', 'file'] as const).map((m) => (
              <label key={m} className="radio">
                <input type="radio" name="redis-method" value={m} checked={r.method === m} onChange={() => set({ method: m })} />
                <span>
                  {t(`wizard.redis.methods.${m}`)}
                  <span className="muted block">{t(`wizard.redis.methodHelp.${m}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          )}
          {!viaSsh && r.method === 'file' ? (
            <Field label={t('wizard.redis.rdbPath')} value={r.rdbPath} onChange={(rdbPath) => set({ rdbPath })} help={t('wizard.redis.rdbPathHelp')} />
          ) : null}
          <div className="actions">
            <button type="button" onClick={() => void test()} disabled={r.test.kind === 'loading'}>
              {t('wizard.testConnection')}
            </button>
          </div>
          {r.test.kind === 'loading' ? <TestRunning label={t('wizard.testing')} onCancel={() => void cancelTest('redis')} /> : null}
          {r.test.kind === 'error' ? <ErrorBox error={r.test.error} title={t('wizard.testFailed')} /> : null}
          {r.test.kind === 'ready' ? (
            <div className="ok-box" role="status">
              <strong>{t('wizard.redis.testOk', { version: r.test.value.version })}</strong>
              <ul>
                {Object.entries(r.test.value.keysPerDb).map(([db, n]) => (
                  <li key={db}>{t('wizard.redis.keys', { db, keys: formatNumber(n) })}</li>
                ))}
              </ul>
              {r.test.value.syncAllowed === false ? <p className="warn-text">{t('wizard.redis.syncRefused')}</p> : null}
              {r.test.value.syncAllowed === true ? <p>{t('wizard.redis.syncAllowed')}</p> : null}
            </div>
          ) : null}
          <StandbysEditor section="redis" />
        </>
      ) : null}
    </>
  );
}
