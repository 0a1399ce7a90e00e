/**
 * Read-only text to paste somewhere else (a config snippet, shell commands), with a Copy button.
 *
 * The clipboard API exists only in secure contexts: Electron has it, but `kura serve` opened over
 * plain http from another PC does not, and a browser may refuse it. Then the text is selected and
 * the admin is told to press Ctrl+C, so copying never silently does nothing.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual' };

export function CodeBlock({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState<CopyState>({ kind: 'idle' });
  const pre = useRef<HTMLPreElement>(null);

  const selectText = () => {
    const el = pre.current;
    const selection = typeof window.getSelection === 'function' ? window.getSelection() : null;
    if (el && selection) selection.selectAllChildren(el);
  };

  const onCopy = async () => {
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (clipboard && typeof clipboard.writeText === 'function') {
      try {
        await clipboard.writeText(text);
        setCopy({ kind: 'copied' });
        return;
      } catch {
        // Refused (no permission, not focused): fall through to selecting the text.
      }
    }
    selectText();
    setCopy({ kind: 'manual' });
  };

  return (
    <div className="code-block">
      <pre ref={pre} tabIndex={0} aria-label={label}>
        <code>{text}</code>
      </pre>
      <div className="code-actions">
        <button type="button" className="secondary" onClick={() => void onCopy()} aria-label={t('code.copyLabel', { what: label })}>
          {t('code.copy')}
        </button>
        <span role="status" className={copy.kind === 'manual' ? 'warn-text' : 'muted'}>
          {copy.kind === 'copied' ? t('code.copied') : copy.kind === 'manual' ? t('code.copyManually') : ''}
        </span>
      </div>
    </div>
  );
}
