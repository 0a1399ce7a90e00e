/**
 * Step 7: the off-site copy in an S3-compatible bucket — the service (presets fill in endpoint,
 * region and addressing), the keys, encryption with a passphrase and its recovery kit, and Object
 * Lock where the service has it. Encryption cannot be left on without a recovery kit the admin
 * confirmed keeping; the step says what early pruning costs on services with a minimum storage time.
 */
import { useTranslation } from 'react-i18next';
import { normalisePrefix, plannedLifetimeDays, S3_PRESETS, type S3ProviderId } from '../../../../electron/shared/s3-presets.js';
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { Loading } from '../../components/loading.js';
import { RecoveryKit } from '../../components/recovery-kit.js';
import { SkipToggle } from '../../components/skip-toggle.js';
import { useSay } from '../../lib/messages.js';
import { earlyDeletionDays, withProvider } from '../../stores/offsite-section.js';
import { useWizardStore } from '../../stores/wizard-store.js';
import type { MessageCode } from '../../../../electron/shared/messages/index.js';

const providers: S3ProviderId[] = ['aws', 'wasabi', 'sakura', 'r2', 'other'];

export function StepOffsite() {
  const { t } = useTranslation();
  const { say } = useSay();
  const o = useWizardStore((s) => s.offsite);
  const others = useWizardStore((s) => s.otherOffsite);
  const jobId = useWizardStore((s) => s.jobId);
  const retention = useWizardStore((s) => s.retention.values);
  const errors = useWizardStore((s) => s.errors);
  const set = useWizardStore((s) => s.setOffsite);
  const test = useWizardStore((s) => s.testS3);
  const createKit = useWizardStore((s) => s.createRecoveryKit);
  const err = (key: string) => (errors[key] ? say(errors[key] as MessageCode as 'offsite-ui-err-bucket', {}) : undefined);
  const preset = S3_PRESETS[o.provider];
  const early = earlyDeletionDays(o, retention);

  return (
    <>
      {others.length > 0 ? <p className="muted">{say('offsite-ui-other-targets', { count: others.length, places: others.map((x) => ('to' in x ? x.to : `s3://${x.bucket}/${x.prefix}`)).join(', ') })}</p> : null}
      <SkipToggle enabled={o.enabled} onChange={(enabled) => set({ enabled })} label={say('offsite-ui-enable', {})} />
      {o.enabled ? (
        <>
          <div className="field">
            <label htmlFor="offsite-provider">{say('offsite-ui-service', {})}</label>
            <select id="offsite-provider" value={o.provider} onChange={(e) => set(withProvider(o, e.target.value as S3ProviderId))}>
              {providers.map((p) => (
                <option key={p} value={p}>
                  {S3_PRESETS[p].label}
                </option>
              ))}
            </select>
          </div>
          <div className="grid2">
            <Field label={say('offsite-ui-endpoint', {})} value={o.endpoint} onChange={(endpoint) => set({ endpoint })} errorMessage={err('offsite.endpoint')} help={say('offsite-ui-endpoint-help', {})} autoComplete="off" />
            {preset.regions.length > 1 || o.provider === 'other' ? (
              <Field
                label={say('offsite-ui-region', {})}
                value={o.region}
                onChange={(region) => set({ region, ...(preset.endpoint(region) ? { endpoint: preset.endpoint(region)! } : {}) })}
                list="offsite-regions"
                autoComplete="off"
              />
            ) : null}
            <datalist id="offsite-regions">
              {preset.regions.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
            <Field label={say('offsite-ui-bucket', {})} value={o.bucket} onChange={(bucket) => set({ bucket })} errorMessage={err('offsite.bucket')} autoComplete="off" />
            <Field
              label={say('offsite-ui-prefix', {})}
              value={o.prefix}
              onChange={(prefix) => set({ prefix })}
              errorMessage={err('offsite.prefix')}
              help={o.bucket.trim() ? say('offsite-ui-prefix-help', { address: `s3://${o.bucket.trim()}/${o.prefix.trim() ? normalisePrefix(o.prefix.trim()) : ''}${jobId || '…'}/` }) : undefined}
              autoComplete="off"
            />
            <Field label={say('offsite-ui-access-key', {})} value={o.accessKeyId} onChange={(accessKeyId) => set({ accessKeyId })} errorMessage={err('offsite.accessKeyId')} autoComplete="off" />
            <Field
              label={say('offsite-ui-secret-key', {})}
              type="password"
              autoComplete="new-password"
              value={o.secret}
              onChange={(secret) => set({ secret })}
              errorMessage={err('offsite.secret')}
              help={o.secretStored ? <span className="stored">✓ {say('offsite-ui-secret-stored', {})}</span> : undefined}
            />
          </div>
          <label className="check">
            <input type="checkbox" checked={o.pathStyle} onChange={(e) => set({ pathStyle: e.target.checked })} />
            {say('offsite-ui-path-style', {})}
          </label>
          {o.secretError ? <ErrorBox error={o.secretError} title={t('wizard.passwordError')} /> : null}
          <div className="actions">
            <button type="button" onClick={() => void test()} disabled={o.test.kind === 'loading'}>
              {say('offsite-ui-test', {})}
            </button>
          </div>
          {o.test.kind === 'loading' ? <Loading label={t('wizard.testing')} /> : null}
          {o.test.kind === 'error' ? <ErrorBox error={o.test.error} title={t('wizard.testFailed')} /> : null}
          {o.test.kind === 'ready' ? (
            <div className="ok-box" role="status">
              <strong>{say(o.test.value.objectLock ? 'offsite-ui-test-ok-lock' : 'offsite-ui-test-ok-nolock', {})}</strong>
              {o.test.value.existing?.encrypted ? <p>{say('offsite-ui-test-existing', {})}</p> : null}
            </div>
          ) : null}

          <fieldset className="choices">
            <legend>{say('offsite-ui-lock', {})}</legend>
            {(['off', 'COMPLIANCE', 'GOVERNANCE'] as const).map((m) => (
              <label key={m} className="radio">
                <input
                  type="radio"
                  name="offsite-lock"
                  value={m}
                  checked={o.objectLock === m}
                  disabled={m !== 'off' && !preset.objectLock && !(o.test.kind === 'ready' && o.test.value.objectLock)}
                  onChange={() => set({ objectLock: m })}
                />
                <span>{say(m === 'off' ? 'offsite-ui-lock-off' : m === 'COMPLIANCE' ? 'offsite-ui-lock-compliance' : 'offsite-ui-lock-governance', {})}</span>
              </label>
            ))}
          </fieldset>
          {o.objectLock !== 'off' ? <p className="muted">{say('offsite-ui-lock-days', { days: plannedLifetimeDays(retention) })}</p> : null}
          {early !== null ? (
            <p className="warn-text" role="note">
              {say('offsite-ui-min-days', { service: preset.label, days: early })}
            </p>
          ) : null}

          <label className="check">
            <input type="checkbox" checked={o.encrypt} onChange={(e) => set({ encrypt: e.target.checked })} />
            {say('offsite-ui-encrypt', {})}
          </label>
          {!o.encrypt ? (
            <p className="warn-text" role="note">
              {say('offsite-ui-no-encrypt-warning', {})}
            </p>
          ) : (
            <>
              {o.passphraseStored && !o.passphrase ? (
                <p className="muted">
                  <span className="stored">✓ {say('offsite-ui-passphrase-stored', {})}</span>
                </p>
              ) : null}
              {!(o.passphraseStored && (o.kitConfirmed || o.kit.kind === 'ready')) ? (
                <div className="grid2">
                  <Field
                    label={say('offsite-ui-passphrase', {})}
                    type="password"
                    autoComplete="new-password"
                    value={o.passphrase}
                    onChange={(passphrase) => set({ passphrase })}
                    errorMessage={err('offsite.passphrase')}
                    help={say('offsite-ui-passphrase-help', {})}
                  />
                  <Field
                    label={say('offsite-ui-passphrase-again', {})}
                    type="password"
                    autoComplete="new-password"
                    value={o.passphrase2}
                    onChange={(passphrase2) => set({ passphrase2 })}
                    errorMessage={err('offsite.passphrase2')}
                  />
                </div>
              ) : null}
              <div className="actions">
                <button type="button" className={o.kit.kind === 'ready' ? '' : 'primary'} onClick={() => void createKit()} disabled={o.kit.kind === 'loading'}>
                  {say(o.kitConfirmed || o.kit.kind === 'ready' ? 'offsite-ui-kit-show' : 'offsite-ui-kit-create', {})}
                </button>
                {o.kit.kind === 'ready' ? (
                  <button type="button" onClick={() => window.print()}>
                    {say('offsite-ui-kit-print', {})}
                  </button>
                ) : null}
              </div>
              {o.kit.kind === 'loading' ? <Loading /> : null}
              {o.kit.kind === 'error' ? <ErrorBox error={o.kit.error} /> : null}
              {o.kit.kind === 'ready' ? <RecoveryKit kit={o.kit.value} /> : null}
              {o.kit.kind === 'ready' || o.kitConfirmed ? (
                <label className="check">
                  <input type="checkbox" checked={o.kitConfirmed} onChange={(e) => set({ kitConfirmed: e.target.checked })} />
                  {say('offsite-ui-kit-confirm', {})}
                </label>
              ) : null}
              {errors['offsite.kit'] ? (
                <p className="field-error" role="alert">
                  {err('offsite.kit')}
                </p>
              ) : null}
            </>
          )}
        </>
      ) : null}
    </>
  );
}
