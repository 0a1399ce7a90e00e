/**
 * The standbys (replicas) on the dashboard: each one in sync, N seconds behind, broken since … with
 * the replica's own error and what to do, or not reachable. Shown only when a job has standbys.
 */
import type { StandbyDto } from '../lib/contract.js';
import { useJobTime } from '../lib/job-time.js';
import { useWords, type Words } from '../lib/words.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';
import { useTranslation } from 'react-i18next';
import { uiLanguage } from '../lib/ui-language.js';

const BADGE: Record<StandbyDto['state'], string> = { 'in-sync': 'ok', lagging: 'warning', broken: 'failed', unreachable: 'failed', unknown: 'never' };

/** "in sync", "12 seconds behind", "broken since …" (the tray says the same). */
export function standbyStateWords(w: Words, s: Pick<StandbyDto, 'state' | 'secondsBehind' | 'since'>): string {
  switch (s.state) {
    case 'in-sync':
      return s.secondsBehind ? w('standby-state-in-sync-behind', { seconds: s.secondsBehind }) : w('standby-state-in-sync');
    case 'lagging':
      return s.secondsBehind !== null ? w('standby-state-lagging', { seconds: s.secondsBehind }) : w('standby-redis-syncing');
    case 'broken':
      return w('standby-state-broken', { since: s.since ?? '' });
    case 'unreachable':
      return w('standby-state-unreachable', { since: s.since ?? '' });
    case 'unknown':
      return w('standby-state-unknown');
  }
}

/** The state as a coloured badge: "in sync", "broken since …" (in the job's zone; the machine's without one). */
export function StandbyBadge({ standby: s, jobId }: { standby: Pick<StandbyDto, 'state' | 'secondsBehind' | 'since'>; jobId?: string }) {
  const w = useWords(useJobTime(jobId).zones);
  return <span className={`badge badge-${BADGE[s.state]} small`}>{standbyStateWords(w, s)}</span>;
}

/** Why a standby is not in sync, the replica's own error when the sentence lacks it, and what to do (dashboard and wizard alike). */
export function StandbyDetail({ standby: s, jobId }: { standby: Pick<StandbyDto, 'state' | 'reason' | 'replicaError'>; jobId?: string }) {
  const w = useWords();
  const { i18n } = useTranslation();
  const times = useJobTime(jobId);
  if (s.state === 'in-sync') return null;
  const hint = s.reason ? renderLoose(uiLanguage(i18n.language), s.reason.code, s.reason.params, times.zones).hint : null;
  const reason = s.reason ? times.say(s.reason) : null;
  return (
    <>
      {reason ? <p className="sentence">{reason}</p> : null}
      {s.replicaError && !(reason ?? '').includes(s.replicaError) ? <p className="muted">{w('ui-standby-replica-error', { error: s.replicaError })}</p> : null}
      {hint ? <p className="muted">{hint}</p> : null}
    </>
  );
}

export function StandbyList({ standbys }: { standbys: readonly StandbyDto[] }) {
  const w = useWords();
  if (standbys.length === 0) return null;
  return (
    <section className="standbys" aria-labelledby="standbys-title">
      <h2 id="standbys-title">{w('ui-standby-dashboard-title')}</h2>
      <ul className="standby-list">
        {standbys.map((s) => (
          <li key={s.key} className={`standby standby-${s.state}`}>
            <div className="standby-head">
              <StandbyBadge standby={s} jobId={s.jobId} />
              <strong>{w('ui-standby-state-label', { standby: s.standby, source: `${s.jobName} / ${s.sourceId}` })}</strong>
            </div>
            <StandbyDetail standby={s} jobId={s.jobId} />
          </li>
        ))}
      </ul>
      {standbys.some((s) => s.state === 'broken' || s.state === 'unreachable') ? <p className="muted">{w('ui-standby-failover')}</p> : null}
    </section>
  );
}
