/**
 * The standbys (replicas) on the dashboard: each one in sync, N seconds behind, broken since … with
 * the replica's own error and what to do, or not reachable. Shown only when a job has standbys.
 */
import type { StandbyDto } from '../lib/contract.js';
import { say } from '../lib/say.js';
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

export function StandbyList({ standbys }: { standbys: readonly StandbyDto[] }) {
  const w = useWords();
  const { i18n } = useTranslation();
  const lang = uiLanguage(i18n.language);
  if (standbys.length === 0) return null;
  return (
    <section className="standbys" aria-labelledby="standbys-title">
      <h2 id="standbys-title">{w('ui-standby-dashboard-title')}</h2>
      <ul className="standby-list">
        {standbys.map((s) => {
          const hint = s.reason ? renderLoose(lang, s.reason.code, s.reason.params).hint : null;
          const reason = s.reason ? say(s.reason) : null;
          return (
            <li key={s.key} className={`standby standby-${s.state}`}>
              <div className="standby-head">
                <span className={`badge badge-${BADGE[s.state]} small`}>{standbyStateWords(w, s)}</span>
                <strong>{w('ui-standby-state-label', { standby: s.standby, source: `${s.jobName} / ${s.sourceId}` })}</strong>
              </div>
              {reason && s.state !== 'in-sync' ? <p className="sentence">{reason}</p> : null}
              {s.replicaError && !(reason ?? '').includes(s.replicaError) ? <p className="muted">{w('ui-standby-replica-error', { error: s.replicaError })}</p> : null}
              {hint && s.state !== 'in-sync' ? <p className="muted">{hint}</p> : null}
            </li>
          );
        })}
      </ul>
      {standbys.some((s) => s.state === 'broken' || s.state === 'unreachable') ? <p className="muted">{w('ui-standby-failover')}</p> : null}
    </section>
  );
}
