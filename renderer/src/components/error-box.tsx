/**
 * An engine error as the admin should read it: what failed, then what to do. Announced to screen
 * readers (role="alert") because it usually appears after a button press.
 */
import { useTranslation } from 'react-i18next';
import type { ErrorDto } from '../lib/contract.js';

export function ErrorBox({ error, title }: { error: ErrorDto; title?: string }) {
  const { t } = useTranslation();
  return (
    <div className="error-box" role="alert">
      <strong>{title ?? t('common.errorTitle')}</strong>
      <p>{error.message}</p>
      {error.hint ? <p className="hint">{error.hint}</p> : null}
    </div>
  );
}
