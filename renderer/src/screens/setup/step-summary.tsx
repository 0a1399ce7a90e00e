/** The last step: everything in one place, then save and (optionally) run the first backup straight away. */
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/error-box.js';
import { Loading } from '../../components/loading.js';
import { composeFrom } from '../../lib/files-from.js';
import { useAppStore } from '../../stores/app-store.js';
import { STEPS, useWizardStore } from '../../stores/wizard-store.js';

export function StepSummary() {
  const { t } = useTranslation();
  const s = useWizardStore();
  const navigate = useAppStore((st) => st.navigate);
  const sch = s.schedule;
  const scheduleText =
    sch.preset === 'manual' ? t('wizard.schedule.presets.manual') : sch.info.kind === 'ready' && sch.info.value.valid ? sch.info.value.sentence : sch.cron;
  const r = s.retention.values;
  const at = (step: (typeof STEPS)[number]) => STEPS.indexOf(step);
  const v = s.server;
  const viaSsh = v.reach === 'ssh';
  const through = viaSsh ? ` ${t('wizard.summary.throughSsh')}` : '';
  const rows: Array<[string, string, number]> = [
    [t('wizard.basics.name'), s.name, at('basics')],
    [t('wizard.basics.destination'), s.destination, at('basics')],
    [t('wizard.steps.server'), viaSsh ? `SSH ${v.user.trim()}@${v.host.trim()}:${v.port.trim() || '22'}` : t(`wizard.server.reach.${v.reach}`), at('server')],
    [t('wizard.steps.files'), s.files.enabled ? (viaSsh ? `${s.files.path.trim()}${through}` : composeFrom(s.files)) : t('wizard.summary.skipped'), at('files')],
    [t('wizard.steps.databases'), s.mysql.enabled ? `${s.mysql.user}@${s.mysql.host}:${s.mysql.port}${through} — ${s.mysql.databases.join(', ')}` : t('wizard.summary.skipped'), at('databases')],
    [t('wizard.steps.redis'), s.redis.enabled ? `${s.redis.host}:${s.redis.port}${through} (${t(`wizard.redis.methods.${viaSsh ? 'sync' : s.redis.method}`)})` : t('wizard.summary.skipped'), at('redis')],
    [t('wizard.steps.schedule'), scheduleText, at('schedule')],
    [t('wizard.steps.retention'), t('wizard.summary.retention', r), at('retention')],
  ];

  return (
    <>
      <dl className="summary">
        {rows.map(([label, value, step]) => (
          <div key={label} className="summary-row">
            <dt>{label}</dt>
            <dd>
              {value}{' '}
              {s.saved.kind !== 'ready' ? (
                <button type="button" className="link" onClick={() => s.goTo(step)} aria-label={t('wizard.summary.changeLabel', { what: label })}>
                  {t('wizard.summary.change')}
                </button>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      {s.errors['sources'] ? <p className="field-error">{t(s.errors['sources'])}</p> : null}
      {Object.keys(s.errors).filter((k) => k !== 'sources').length > 0 ? (
        <p className="field-error">{t('wizard.summary.fixErrors', { steps: [...new Set(Object.keys(s.errors).map((k) => stepOfField(k)))].map((i) => t(`wizard.steps.${STEPS[i]}`)).join(', ') })}</p>
      ) : null}
      <p className="muted">{t('wizard.summary.passwordsNote')}</p>
      {s.saved.kind === 'loading' ? <Loading label={t('wizard.summary.saving')} /> : null}
      {s.saved.kind === 'error' ? <ErrorBox error={s.saved.error} title={t('wizard.summary.saveFailed')} /> : null}
      {s.saved.kind === 'ready' ? (
        <div className="ok-box" role="status">
          <strong>{t('wizard.summary.saved', { name: s.saved.value.name })}</strong>
          {s.firstRun.kind === 'idle' ? (
            <div className="actions">
              <button type="button" className="primary" onClick={() => void s.runFirst()}>
                {t('wizard.summary.runFirst')}
              </button>
            </div>
          ) : null}
          {s.firstRun.kind === 'loading' ? <Loading /> : null}
          {s.firstRun.kind === 'ready' ? <p>{s.firstRun.value.skipped ? t('wizard.summary.firstRunSkipped') : t('wizard.summary.firstRunStarted')}</p> : null}
          {s.firstRun.kind === 'error' ? <ErrorBox error={s.firstRun.error} /> : null}
          <p>
            {t('wizard.summary.serverSetupText')}{' '}
            <button type="button" className="link" onClick={() => s.saved.kind === 'ready' && navigate({ name: 'server-setup', jobId: s.saved.value.id })}>
              {t('wizard.summary.serverSetup')}
            </button>
          </p>
        </div>
      ) : null}
    </>
  );
}

/** The step a field error belongs to, for "please fix: Website files". */
function stepOfField(key: string): number {
  if (key === 'name' || key === 'destination') return STEPS.indexOf('basics');
  const prefix = key.split('.')[0];
  const map: Record<string, (typeof STEPS)[number]> = { server: 'server', files: 'files', mysql: 'databases', redis: 'redis', schedule: 'schedule', retention: 'retention' };
  return STEPS.indexOf(map[prefix ?? ''] ?? 'summary');
}
