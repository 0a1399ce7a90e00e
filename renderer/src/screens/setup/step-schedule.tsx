/** Step 5: when to back up, with the engine's own sentence and the next three runs (so the admin sees what cron means). */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { Loading } from '../../components/loading.js';
import { formatDateTime } from '../../lib/format.js';
import type { SchedulePreset } from '../../lib/presets.js';
import { JobHeartbeat } from './job-heartbeat.js';
import { useWizardStore } from '../../stores/wizard-store.js';

const presets: SchedulePreset[] = ['nightly', 'hourly', 'quarter', 'custom', 'manual'];

export function StepSchedule() {
  const { t } = useTranslation();
  const sch = useWizardStore((s) => s.schedule);
  const errors = useWizardStore((s) => s.errors);
  const setSchedule = useWizardStore((s) => s.setSchedule);
  const describe = useWizardStore((s) => s.describeSchedule);

  useEffect(() => {
    const timer = setTimeout(() => void describe(), 300);
    return () => clearTimeout(timer);
  }, [sch.cron, sch.preset, describe]);

  return (
    <>
      <fieldset className="choices">
        <legend>{t('wizard.schedule.when')}</legend>
        {presets.map((p) => (
          <label key={p} className="radio">
            <input type="radio" name="schedule-preset" value={p} checked={sch.preset === p} onChange={() => setSchedule({ preset: p })} />
            <span>{t(`wizard.schedule.presets.${p}`)}</span>
          </label>
        ))}
      </fieldset>
      {sch.preset === 'custom' ? (
        <Field
          label={t('wizard.schedule.cron')}
          value={sch.cron}
          onChange={(cron) => setSchedule({ cron })}
          error={errors['schedule.cron']}
          help={t('wizard.schedule.cronHelp')}
          spellCheck={false}
        />
      ) : null}
      {sch.preset === 'manual' ? <p className="muted">{t('wizard.schedule.manualText')}</p> : null}
      {sch.info.kind === 'loading' ? <Loading /> : null}
      {sch.info.kind === 'error' ? <ErrorBox error={sch.info.error} /> : null}
      {sch.info.kind === 'ready' && sch.info.value.valid ? (
        <div className="ok-box" role="status">
          <strong>{sch.info.value.sentence}</strong>
          <p>{t('wizard.schedule.nextRuns')}</p>
          <ul>
            {sch.info.value.nextRuns.slice(0, 3).map((r) => (
              <li key={r}>{formatDateTime(r)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {sch.info.kind === 'ready' && !sch.info.value.valid && sch.info.value.error ? <p className="field-error">{sch.info.value.error}</p> : null}
      <JobHeartbeat />
    </>
  );
}
