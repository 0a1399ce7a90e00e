/**
 * An engine error as the admin should read it: what failed, then what to do. Announced to screen
 * readers (role="alert") because it usually appears after a button press.
 *
 * The text is rendered from the error's code and facts through the one message catalogue
 * (`sayError`), in the UI language; facts such as paths, hosts and SQL are kept verbatim. Its times
 * are said in the job's zone (`jobId`), else the machine's, labelled when the viewer's differs.
 */
import { useTranslation } from 'react-i18next';
import type { ErrorDto } from '../lib/contract.js';
import { sayError } from '../lib/say.js';
import { useJobTime } from '../lib/job-time.js';
import { uiLanguage } from '../lib/ui-language.js';

export function ErrorBox({ error, title, jobId }: { error: ErrorDto; title?: string; jobId?: string | null }) {
  const { t, i18n } = useTranslation();
  const shown = sayError(error, uiLanguage(i18n.language), useJobTime(jobId).zones);
  return (
    <div className="error-box" role="alert">
      <strong>{title ?? t('common.errorTitle')}</strong>
      <p className="error-message">{shown.message}</p>
      {shown.hint ? <p className="hint">{shown.hint}</p> : null}
    </div>
  );
}
