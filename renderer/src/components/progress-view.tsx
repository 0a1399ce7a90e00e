/**
 * A running backup's or restore's progress: the current step sentence, and a bar when the total
 * is known (an indeterminate bar and a byte count otherwise, rather than a made-up percentage).
 */
import { useTranslation } from 'react-i18next';
import { formatBytes, formatNumber } from '../lib/format.js';
import type { LiveProgress } from '../stores/status-store.js';
import { say } from '../lib/say.js';

export function ProgressView({ progress, label }: { progress: LiveProgress | undefined; label: string }) {
  const { t } = useTranslation();
  const p = progress;
  const pct =
    p && p.totalBytes && p.bytes !== null
      ? Math.min(100, Math.round((p.bytes / p.totalBytes) * 100))
      : p && p.totalFiles && p.files !== null
        ? Math.min(100, Math.round((p.files / p.totalFiles) * 100))
        : null;
  const counts: string[] = [];
  if (p?.files != null) counts.push(t('progress.files', { count: p.files, n: formatNumber(p.files) }));
  if (p?.bytes != null) counts.push(formatBytes(p.bytes));
  return (
    <div className="progress">
      {pct === null ? (
        <progress aria-label={label} />
      ) : (
        <progress aria-label={label} max={100} value={pct} />
      )}
      <p className="progress-text" aria-live="polite">
        {p?.message ? say(p.message) : t('progress.starting')}
        {counts.length > 0 ? <span className="muted"> · {counts.join(' · ')}</span> : null}
        {pct !== null ? <span className="muted"> · {pct}%</span> : null}
      </p>
    </div>
  );
}
