/**
 * Step 2: "How does Kura reach your shop's server?" — SSH (a VPS or rental server: one connection
 * for files, MySQL and Redis), servers on the same network, or this machine. For SSH: host, port,
 * user, a key file (or one Kura generates) or a password, then the server's key fingerprint to
 * compare and confirm before anything is sent, then a login test.
 */
import { useTranslation } from 'react-i18next';
import { CodeBlock } from '../../components/code-block.js';
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { TestRunning } from '../../components/test-running.js';
import { PasswordField } from '../../components/password-field.js';
import { useWizardStore, type Reach } from '../../stores/wizard-store.js';

const reaches: Reach[] = ['ssh', 'direct', 'local'];

export function StepServer() {
  const { t } = useTranslation();
  const v = useWizardStore((s) => s.server);
  const errors = useWizardStore((s) => s.errors);
  const setSection = useWizardStore((s) => s.setSection);
  const check = useWizardStore((s) => s.checkServer);
  const cancelTest = useWizardStore((s) => s.cancelTest);
  const trust = useWizardStore((s) => s.trustServer);
  const generate = useWizardStore((s) => s.generateKey);
  const set = (patch: Parameters<typeof setSection<'server'>>[1]) => setSection('server', patch);
  const setReach = (reach: Reach) => {
    set({ reach });
    // The files step starts on the matching way of reaching the files.
    if (reach !== 'ssh') setSection('files', { kind: reach === 'local' ? 'local' : 'daemon' });
  };
  const key = v.hostKey.kind === 'ready' ? v.hostKey.value : null;

  return (
    <>
      <fieldset className="choices">
        <legend>{t('wizard.server.how')}</legend>
        {reaches.map((r) => (
          <label key={r} className="radio">
            <input type="radio" name="server-reach" value={r} checked={v.reach === r} onChange={() => setReach(r)} />
            <span>
              {t(`wizard.server.reach.${r}`)}
              <span className="muted block">{t(`wizard.server.reachHelp.${r}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {v.reach === 'ssh' ? (
        <>
          <div className="grid2">
            <Field label={t('wizard.common.host')} value={v.host} onChange={(host) => set({ host })} error={errors['server.host']} placeholder="203.0.113.5" />
            <Field label={t('wizard.server.port')} value={v.port} onChange={(port) => set({ port })} error={errors['server.port']} inputMode="numeric" placeholder="22" help={t('wizard.server.portHelp')} />
            <Field label={t('wizard.common.user')} value={v.user} onChange={(user) => set({ user })} error={errors['server.user']} autoComplete="off" />
          </div>
          <fieldset className="choices">
            <legend>{t('wizard.server.login')}</legend>
            {(['key', 'password'] as const).map((a) => (
              <label key={a} className="radio">
                <input type="radio" name="server-auth" value={a} checked={v.auth === a} onChange={() => set({ auth: a })} />
                <span>
                  {t(`wizard.server.auth.${a}`)}
                  <span className="muted block">{t(`wizard.server.authHelp.${a}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {v.auth === 'key' ? (
            <div className="grid2">
              <Field label={t('wizard.server.keyPath')} value={v.keyPath} onChange={(keyPath) => set({ keyPath, passphraseRef: null, generated: { kind: 'idle' } })} error={errors['server.keyPath']} help={t('wizard.server.keyPathHelp')} />
              {v.generated.kind !== 'ready' ? (
                <PasswordField label={t('wizard.server.passphrase')} value={v.passphrase} stored={v.passphraseRef !== null} error={v.passwordError} onChange={(passphrase) => set({ passphrase })} />
              ) : null}
            </div>
          ) : (
            <div className="grid2">
              <PasswordField label={t('wizard.common.password')} value={v.password} stored={v.passwordStored} error={v.passwordError} onChange={(password) => set({ password })} />
              {errors['server.password'] ? <p className="field-error">{t(errors['server.password'])}</p> : null}
            </div>
          )}
          {v.auth === 'key' ? (
            <div className="actions">
              <button type="button" onClick={() => void generate()} disabled={v.generated.kind === 'loading'}>
                {t('wizard.server.generate')}
              </button>
            </div>
          ) : null}
          {v.generated.kind === 'error' ? <ErrorBox error={v.generated.error} /> : null}
          {v.generated.kind === 'ready' ? (
            <div className="ok-box" role="status">
              <strong>{t('wizard.server.generated')}</strong>
              <p>{t('wizard.server.generatedText', { user: v.user.trim() || 'user' })}</p>
              <CodeBlock text={v.generated.value.publicKey} label={t('wizard.server.publicKey')} />
              <p className="muted">{t('wizard.server.generatedRestrict')}</p>
            </div>
          ) : null}
          <div className="actions">
            <button type="button" onClick={() => void check()} disabled={v.hostKey.kind === 'loading' || v.test.kind === 'loading'}>
              {t('wizard.server.check')}
            </button>
          </div>
          {v.hostKey.kind === 'loading' ? <TestRunning label={t('wizard.server.checking')} onCancel={() => void cancelTest('server')} /> : null}
          {v.hostKey.kind === 'error' ? <ErrorBox error={v.hostKey.error} title={t('wizard.testFailed')} /> : null}
          {key && key.status !== 'trusted' ? (
            <div className={key.status === 'changed' ? 'warn-box' : 'ok-box'} role={key.status === 'changed' ? 'alert' : 'status'}>
              <strong>{t(key.status === 'changed' ? 'wizard.server.keyChanged' : 'wizard.server.keyUnknown', { host: key.host, port: key.port })}</strong>
              <p>
                <code className="fingerprint">{key.fingerprint}</code> ({key.type})
              </p>
              {key.status === 'changed' ? <p>{t('wizard.server.keyChangedText', { before: key.pinned.join(', ') })}</p> : null}
              <p>{t('wizard.server.keyCompare')}</p>
              <div className="actions">
                <button type="button" className={key.status === 'changed' ? '' : 'primary'} onClick={() => void trust()}>
                  {t('wizard.server.trust')}
                </button>
              </div>
            </div>
          ) : null}
          {key && key.status === 'trusted' ? (
            <p className="muted">{t('wizard.server.keyTrusted', { fingerprint: key.fingerprint })}</p>
          ) : null}
          {errors['server.hostKey'] ? <p className="field-error">{t(errors['server.hostKey'])}</p> : null}
          {v.test.kind === 'loading' ? <TestRunning label={t('wizard.testing')} onCancel={() => void cancelTest('server')} /> : null}
          {v.test.kind === 'error' ? <ErrorBox error={v.test.error} title={t('wizard.testFailed')} /> : null}
          {v.test.kind === 'ready' ? (
            <p className="ok-box" role="status">
              {t('wizard.server.loggedIn', { user: v.test.value.user, host: v.host.trim() })}
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}
