/**
 * The dashboard's banner for restores a crash left unfinished (StatusDto.unfinishedRestores): what
 * was being restored and how far it got, and the two ways out — "Roll back to the safety backup" and
 * "Finish the restore" — plus "Leave it as it is" for an admin who dealt with it by hand. Each asks
 * once more before it acts (both change the database, Redis or folder again). While one runs its
 * last step is shown; afterwards the result stays until closed, even though the restore itself has
 * left the list.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnfinishedRestoreDto } from '../lib/contract.js';
import { useStatusStore, type RecoveryAction, type RecoveryState } from '../stores/status-store.js';
import { ErrorBox } from './error-box.js';
import { say } from '../lib/say.js';
import { useJobTime } from '../lib/job-time.js';

export function UnfinishedRestores({ list }: { list: UnfinishedRestoreDto[] }) {
  const recovery = useStatusStore((s) => s.recovery);
  const listed = new Set(list.map((r) => r.id));
  const results = Object.entries(recovery).filter(([id, r]) => !listed.has(id) && r.kind !== 'working');
  if (list.length === 0 && results.length === 0) return null;
  return (
    <div className="unfinished-restores">
      {list.map((r) => (
        <UnfinishedRestore key={r.id} restore={r} state={recovery[r.id]} />
      ))}
      {results.map(([id, r]) => (
        <RecoveryResult key={id} id={id} state={r} />
      ))}
    </div>
  );
}

function UnfinishedRestore({ restore: r, state }: { restore: UnfinishedRestoreDto; state: RecoveryState | undefined }) {
  const { t } = useTranslation();
  // When it started, in the zone of the job it restores (the machine's for a folder), as on the cards.
  const times = useJobTime(r.jobId);
  const resolve = useStatusStore((s) => s.resolveRestore);
  const [confirming, setConfirming] = useState<RecoveryAction | null>(null);
  const titleId = `unfinished-${r.id}`;
  const working = state?.kind === 'working';
  const question =
    confirming === 'rollBack'
      ? t('dashboard.unfinished.confirmRollBack', { target: r.target, note: r.rollBackNote })
      : confirming === 'finish'
        ? t('dashboard.unfinished.confirmFinish', { target: r.target, snapshot: r.snapshotId ?? '' })
        : confirming === 'dismiss'
          ? t('dashboard.unfinished.confirmDismiss', { target: r.target })
          : null;
  return (
    <section className="notice notice-danger" aria-labelledby={titleId}>
      <h2 id={titleId}>{t(r.state === 'damaged' ? 'dashboard.unfinished.damagedTitle' : 'dashboard.unfinished.title')}</h2>
      <p>{r.message ? times.say(r.message) : r.sentence}</p>
      <p className="hint">{r.rollBackNote}</p>
      {working ? (
        <p role="status">
          {t('dashboard.unfinished.working')}
          {state.message ? ` ${say(state.message)}` : ''}
        </p>
      ) : null}
      {state?.kind === 'error' ? <ErrorBox error={state.error} jobId={r.jobId} title={t('dashboard.unfinished.failed')} /> : null}
      {state?.kind === 'done' && state.result && state.result.error ? <ErrorBox error={state.result.error} jobId={r.jobId} title={t('dashboard.unfinished.failed')} /> : null}
      {question !== null && confirming !== null && !working ? (
        <div className="confirm" role="group" aria-label={question}>
          <p>{question}</p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              setConfirming(null);
              void resolve(r.id, confirming, r.target);
            }}
          >
            {t('dashboard.unfinished.yes')}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <div className="actions">
          {r.canRollBack ? (
            <button type="button" className="primary" disabled={working} onClick={() => setConfirming('rollBack')}>
              {t('dashboard.unfinished.rollBack')}
            </button>
          ) : null}
          {r.canFinish ? (
            <button type="button" disabled={working} onClick={() => setConfirming('finish')}>
              {t('dashboard.unfinished.finish')}
            </button>
          ) : null}
          <button type="button" className="link" disabled={working} onClick={() => setConfirming('dismiss')}>
            {t('dashboard.unfinished.dismiss')}
          </button>
        </div>
      )}
    </section>
  );
}

function RecoveryResult({ id, state }: { id: string; state: RecoveryState }) {
  const { t } = useTranslation();
  const clear = useStatusStore((s) => s.clearRecovery);
  const failed = state.kind === 'error' || (state.kind === 'done' && state.result?.error);
  const word = state.action === 'rollBack' ? 'rolledBack' : state.action === 'finish' ? 'finished' : 'dismissed';
  return (
    <section className={`notice ${failed ? 'notice-danger' : ''}`} role="status">
      <p>
        <strong>{t(`dashboard.unfinished.${word}`, { target: state.target })}</strong>
      </p>
      {state.kind === 'done' && state.result ? (
        <ul className="steps">
          {state.result.steps.map((s, i) => (
            <li key={i}>{say(s)}</li>
          ))}
        </ul>
      ) : null}
      {state.kind === 'error' ? <ErrorBox error={state.error} title={t('dashboard.unfinished.failed')} /> : null}
      {state.kind === 'done' && state.result?.error ? <ErrorBox error={state.result.error} title={t('dashboard.unfinished.failed')} /> : null}
      <button type="button" className="link" onClick={() => clear(id)}>
        {t('dashboard.unfinished.close')}
      </button>
    </section>
  );
}
