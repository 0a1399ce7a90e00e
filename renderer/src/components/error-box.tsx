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
import { renderData } from '../lib/messages.js';
import { uiLanguage } from '../lib/ui-language.js';

export function ErrorBox({ error, title }: { error: ErrorDto; title?: string }) {
  const { t, i18n } = useTranslation();
  const lang = uiLanguage(i18n.language);
  // A catalogued error (code + params) speaks the UI language directly; the others go through errorText.
  const catalogued = error.params ? renderData(lang, error.code, error.params) : null;
  const shown = catalogued ? { message: catalogued.message, hint: catalogued.hint, original: lang === 'en' ? null : { message: error.message, hint: error.hint } } : errorText(error, lang);
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
