/**
 * Step 6: how many snapshots to keep, with a rough disk estimate: the most snapshots the policy can
 * keep times the size of the last one (an upper bound; unchanged files are often shared).
 */
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field.js';
import { formatBytes } from '../../lib/format.js';
import { maxSnapshots, type RetentionPreset } from '../../lib/presets.js';
import { useStatusStore } from '../../stores/status-store.js';
import { useWizardStore } from '../../stores/wizard-store.js';

const presets: RetentionPreset[] = ['light', 'standard', 'long', 'custom'];
const keys = ['keepLast', 'keepDaily', 'keepWeekly', 'keepMonthly'] as const;

export function StepRetention() {
  const { t } = useTranslation();
  const ret = useWizardStore((s) => s.retention);
  const errors = useWizardStore((s) => s.errors);
  const jobId = useWizardStore((s) => s.jobId);
  const freeSpace = useWizardStore((s) => s.freeSpace);
  const setRetention = useWizardStore((s) => s.setRetention);
  const lastBytes = useStatusStore((s) =>
    s.status.kind === 'ready' ? (s.status.value.jobs.find((j) => j.jobId === jobId)?.lastSnapshot?.bytes ?? null) : null,
  );
  const count = maxSnapshots(ret.values);
  // An empty or out-of-range count is said at its field; the estimate waits for numbers it can use.
  const countable = Number.isFinite(count) && !keys.some((k) => errors[`retention.${k}`]);

  return (
    <>
      <fieldset className="choices">
        <legend>{t('wizard.retention.how')}</legend>
        {presets.map((p) => (
          <label key={p} className="radio">
            <input type="radio" name="retention-preset" value={p} checked={ret.preset === p} onChange={() => setRetention({ preset: p })} />
            <span>{t(`wizard.retention.presets.${p}`)}</span>
          </label>
        ))}
      </fieldset>
      <div className="grid2">
        {keys.map((k) => (
          <Field
            key={k}
            label={t(`wizard.retention.${k}`)}
            type="number"
            min={k === 'keepLast' ? 1 : 0}
            value={String(ret.values[k])}
            onChange={(v) => setRetention({ preset: 'custom', values: { [k]: v === '' ? Number.NaN : Number(v) } })}
            error={errors[`retention.${k}`]}
          />
        ))}
      </div>
      {countable ? (
      <p className="muted" role="status">
        {lastBytes !== null
          ? t('wizard.retention.estimate', { count, size: formatBytes(lastBytes * count), each: formatBytes(lastBytes) })
          : t('wizard.retention.estimateUnknown', { count })}
        {freeSpace.kind === 'ready' ? ` ${t('wizard.retention.free', { free: formatBytes(freeSpace.value.freeBytes) })}` : ''}
      </p>
      ) : null}
    </>
  );
}
