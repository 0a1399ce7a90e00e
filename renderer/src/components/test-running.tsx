/**
 * A running "Test connection": what is happening and a Cancel that stops it. A test is bounded on
 * the service side too, but the admin who sees a wrong address need not wait for the bound.
 */
import { useTranslation } from 'react-i18next';
import { Loading } from './loading.js';

export function TestRunning({ label, onCancel }: { label: string; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="test-running">
      <Loading label={label} />
      <button type="button" onClick={onCancel}>
        {t('wizard.cancelTest')}
      </button>
    </div>
  );
}
