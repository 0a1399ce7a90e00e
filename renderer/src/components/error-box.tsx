/**
 * An engine error as the admin should read it: what failed, then what to do. Announced to screen
 * readers (role="alert") because it usually appears after a button press.
 *
 * The text goes through `errorText`, so a Japanese admin reads Japanese for the common codes; the
 * engine's English stays one click away ("original text") for searching the web or asking for help.
 */
import { useTranslation } from 'react-i18next';
import type { ErrorDto } from '../lib/contract.js';
import { errorText } from '../lib/error-text.js';
import { uiLanguage } from '../lib/ui-language.js';

export function ErrorBox({ error, title }: { error: ErrorDto; title?: string }) {
  const { t, i18n } = useTranslation();
  const shown = errorText(error, uiLanguage(i18n.language));
  return (
    <div className="error-box" role="alert">
      <strong>{title ?? t('common.errorTitle')}</strong>
      <p className="error-message">{shown.message}</p>
      {shown.hint ? <p className="hint">{shown.hint}</p> : null}
      {shown.original ? (
        <details className="error-original">
          <summary>{t('errors.common.originalText')}</summary>
          {/* Not <p>: the message and the hint stay the box's only paragraphs. */}
          <div lang="en">{shown.original.message}</div>
          {shown.original.hint ? <div lang="en">{shown.original.hint}</div> : null}
        </details>
      ) : null}
    </div>
  );
}
