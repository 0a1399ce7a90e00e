/** Step 5: when to back up, with the engine's own sentence and the next three runs (so the admin sees what cron means). */
import { say } from '../../lib/say.js';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { Loading } from '../../components/loading.js';
import { formatDateTimeIn } from '../../lib/format.js';
import { useMachineTimeZone } from '../../lib/job-time.js';
import { nightlyCron, nightlyTime, type SchedulePreset } from '../../lib/presets.js';
import { JobHeartbeat } from './job-heartbeat.js';
import { useWizardStore } from '../../stores/wizard-store.js';

const presets: SchedulePreset[] = ['nightly', 'hourly', 'quarter', 'custom', 'manual'];

export function StepSchedule() {
  const { t } = useTranslation();
  const sch = useWizardStore((s) => s.schedule);
  const errors = useWizardStore((s) => s.errors);
  const setSchedule = useWizardStore((s) => s.setSchedule);
  const describe = useWizardStore((s) => s.describeSchedule);
  // The job runs by the machine's clock unless it names a zone: that zone is shown, and the times
  // below are said in the job's zone (labelled when the viewer's differs, e.g. through `kura serve`).
  const machineZone = useMachineTimeZone();
  const jobZone = sch.timezone?.trim() ? sch.timezone.trim() : machineZone;
  const time = sch.preset === 'nightly' ? nightlyTime(sch.cron) : null;

  useEffect(() => {
    const timer = setTimeout(() => void describe(), 300);
    return () => clearTimeout(timer);
  }, [sch.cron, sch.preset, sch.timezone, describe]);

  return (
    <>
      <fieldset className="choices">
        <legend>{t('wizard.schedule.when')}</legend>
        {presets.map((p) => (
          <label key={p} className="radio">
            <input type="radio" name="schedule-preset" value={p} checked={sch.preset === p} onChange={() => setSchedule({ preset: p })} />
            <span>{p === 'nightly' ? t('wizard.schedule.presets.nightlyAt', { time: (time ?? '00:00').replace(/^0(\d)/, '$1') }) : t(`wizard.schedule.presets.${p}`)}</span>
          </label>
        ))}
      </fieldset>
      {time !== null ? (
        <Field
          label={t('wizard.schedule.time')}
          type="time"
          value={time}
          onChange={(v) => {
            const cron = nightlyCron(v);
            if (cron) setSchedule({ cron });
          }}
        />
      ) : null}
      {sch.preset !== 'manual' ? (
        <Field
          label={t('wizard.schedule.timezone')}
          value={sch.timezone ?? machineZone}
          onChange={(timezone) => setSchedule({ timezone })}
          error={errors['schedule.timezone']}
          help={t('wizard.schedule.timezoneHelp', { zone: machineZone })}
          list="kura-time-zones"
          spellCheck={false}
          autoComplete="off"
        />
      ) : null}
      <datalist id="kura-time-zones">
        {timeZones().map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
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
          <strong>{sch.info.value.sentence ? say(sch.info.value.sentence) : null}</strong>
          <p>{t('wizard.schedule.nextRuns')}</p>
          <ul>
            {sch.info.value.nextRuns.slice(0, 3).map((r) => (
              <li key={r}>{formatDateTimeIn(r, jobZone)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {sch.info.kind === 'ready' && !sch.info.value.valid && sch.info.value.error ? <p className="field-error">{say(sch.info.value.error)}</p> : null}
      <JobHeartbeat />
    </>
  );
}

/** The zone names the browser knows, for the field's suggestions (any IANA name is accepted). */
function timeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}
