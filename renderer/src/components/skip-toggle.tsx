/** "Back up this part" on or off: every source step can be skipped. */
import { useTranslation } from 'react-i18next';

export function SkipToggle({ enabled, onChange, label }: { enabled: boolean; onChange(on: boolean): void; label: string }) {
  const { t } = useTranslation();
  return (
    <div className="skip">
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      {!enabled ? <p className="muted">{t('wizard.skipped')}</p> : null}
    </div>
  );
}
