/**
 * One card per job: health, the engine's sentence, when it last worked and will next run, how big
 * the last snapshot is, and the two things an admin comes here to do: back up now, restore. Above
 * them, a banner for any restore a crash left unfinished (components/unfinished-restores.tsx).
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobStatusDto, OffsiteStatusDto } from '../lib/contract.js';
import { renderData, useSay } from '../lib/messages.js';
import { ErrorBox } from '../components/error-box.js';
import { HealthBadge } from '../components/health-badge.js';
import { Loading } from '../components/loading.js';
import { UnfinishedRestores } from '../components/unfinished-restores.js';
import { StandbyList } from '../components/standby-list.js';
import { ProgressView } from '../components/progress-view.js';
import { formatBytes } from '../lib/format.js';
import { useJobTime, type JobTime } from '../lib/job-time.js';
import { useAppStore } from '../stores/app-store.js';
import { useRestoreStore } from '../stores/restore-store.js';
import { useStatusStore } from '../stores/status-store.js';

export function Dashboard() {
  const { t } = useTranslation();
  const status = useStatusStore((s) => s.status);
  const load = useStatusStore((s) => s.load);
  const setPaused = useStatusStore((s) => s.setPaused);
  const navigate = useAppStore((s) => s.navigate);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="dash-title" className="screen">
      <header className="screen-header">
        <h1 id="dash-title">{t('dashboard.title')}</h1>
        {status.kind === 'ready' && status.value.jobs.length > 0 ? (
          <button type="button" className="secondary" onClick={() => navigate({ name: 'setup' })}>
            {t('dashboard.addJob')}
          </button>
        ) : null}
      </header>
      {status.kind === 'loading' || status.kind === 'idle' ? <Loading /> : null}
      {status.kind === 'error' ? (
        <>
          <ErrorBox error={status.error} title={t('dashboard.loadError')} />
          <button type="button" onClick={() => void load()}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
      {status.kind === 'ready' ? (
        <>
          <UnfinishedRestores list={status.value.unfinishedRestores} />
          {status.value.paused ? (
            <div className="notice" role="status">
              <span>{t('dashboard.paused')}</span>
              <button type="button" className="secondary" onClick={() => void setPaused(false)}>
                {t('dashboard.resume')}
              </button>
            </div>
          ) : null}
          {status.value.jobs.length === 0 ? (
            <div className="empty">
              <h2>{t('dashboard.emptyTitle')}</h2>
              <p>{t('dashboard.emptyText')}</p>
              <button type="button" className="primary" onClick={() => navigate({ name: 'setup' })}>
                {t('dashboard.setUp')}
              </button>
            </div>
          ) : (
            <ul className="cards">
              {status.value.jobs.map((job) => (
                <li key={job.jobId}>
                  <JobCard job={job} />
                </li>
              ))}
            </ul>
          )}
          <StandbyList standbys={status.value.standbys ?? []} />
        </>
      ) : null}
    </section>
  );
}

function JobCard({ job }: { job: JobStatusDto }) {
  const { t } = useTranslation();
  const progress = useStatusStore((s) => s.progress[job.jobId]);
  const actionError = useStatusStore((s) => s.actionError[job.jobId]);
  const failure = useStatusStore((s) => s.lastFailure[job.jobId]);
  const loadFailure = useStatusStore((s) => s.loadFailure);
  const lastRunFailed = job.lastRunStatus === 'failed' || job.lastRunStatus === 'interrupted' || job.lastRunStatus === 'partial';
  const backupNow = useStatusStore((s) => s.backupNow);
  const cancel = useStatusStore((s) => s.cancel);
  const navigate = useAppStore((s) => s.navigate);
  const quickRestore = useRestoreStore((s) => s.quickRestoreLatest);
  const running = job.running !== null || job.health === 'running' || progress !== undefined;
  const titleId = `job-${job.jobId}-title`;
  // Every time on the card in the job's zone, the sentence's "today 2:05" included.
  const times = useJobTime(job.jobId);

  useEffect(() => {
    if (lastRunFailed && !failure) void loadFailure(job.jobId);
  }, [lastRunFailed, failure, loadFailure, job.jobId]);

  return (
    <article className={`card card-${job.health}`} aria-labelledby={titleId}>
      <div className="card-head">
        <h2 id={titleId}>{job.name}</h2>
        <HealthBadge health={job.health} />
      </div>
      <p className="sentence">{times.say(job.sentence)}</p>
      <dl className="facts">
        <dt>{t('dashboard.lastSuccess')}</dt>
        <dd>{job.lastSuccessAt ? times.time(job.lastSuccessAt) : t('dashboard.neverYet')}</dd>
        <dt>{t('dashboard.nextRun')}</dt>
        <dd>{job.nextRunAt ? times.time(job.nextRunAt) : t('dashboard.notScheduled')}</dd>
        <dt>{t('dashboard.lastSize')}</dt>
        <dd>
          {job.lastSnapshot ? formatBytes(job.lastSnapshot.bytes) : '—'}
          {job.lastSnapshot?.verified ? <span className="badge badge-ok small">{t('common.verified')}</span> : null}
        </dd>
        {job.offsite.map((o) => (
          <OffsiteLine key={o.target} o={o} times={times} />
        ))}
      </dl>
      {running ? <ProgressView progress={progress} label={t('dashboard.progressLabel', { name: job.name })} /> : null}
      {lastRunFailed && failure && !running ? (
        <>
          <ErrorBox error={failure.error} jobId={job.jobId} title={t(job.lastRunStatus === 'partial' ? 'dashboard.lastRunPartial' : 'dashboard.lastRunFailed')} />
          {failure.items.map((i) => (
            <ErrorBox key={`${i.source}/${i.name ?? ''}`} error={i.error} jobId={job.jobId} title={t('dashboard.itemFailed', { type: t(`sourceType.${i.type}`), item: i.name ? `${i.source}/${i.name}` : i.source })} />
          ))}
        </>
      ) : null}
      {actionError ? <ErrorBox error={actionError} jobId={job.jobId} title={t('dashboard.backupError')} /> : null}
      <div className="actions">
        {running ? (
          <button type="button" onClick={() => void cancel(job.jobId)}>
            {t('dashboard.cancel')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void backupNow(job.jobId)}>
            {t('dashboard.backupNow')}
          </button>
        )}
        <button
          type="button"
          disabled={!job.lastSnapshot}
          onClick={() => {
            navigate({ name: 'restore', jobId: job.jobId });
            void quickRestore(job.jobId);
          }}
        >
          {t('dashboard.restoreLatest')}
        </button>
        <button type="button" className="link" onClick={() => navigate({ name: 'runs', jobId: job.jobId })}>
          {t('dashboard.viewLog')}
        </button>
        <button type="button" className="link" onClick={() => navigate({ name: 'setup', jobId: job.jobId })}>
          {t('dashboard.edit')}
        </button>
        <button type="button" className="link" onClick={() => navigate({ name: 'server-setup', jobId: job.jobId })}>
          {t('dashboard.serverSetup')}
        </button>
      </div>
    </article>
  );
}

/** One off-site target of a job: where, whether encrypted, and how its copies stand. */
function OffsiteLine({ o, times }: { o: OffsiteStatusDto; times: JobTime }) {
  const { say, lang } = useSay(times.zones);
  const state =
    o.status === 'never'
      ? say('offsite-ui-dash-never', {})
      : o.status === 'failed'
        ? say('offsite-ui-dash-failed', { count: Math.max(1, o.consecutiveFailures) })
        : o.pending > 0
          ? say('offsite-ui-dash-pending', { count: o.pending })
          : o.lastPushedAt
            ? say('offsite-ui-dash-pushed', { at: o.lastPushedAt })
            : say('offsite-ui-dash-never', {});
  const reason = o.error ? ((o.error.params ? renderData(lang, o.error.code, o.error.params)?.message : null) ?? o.error.message) : null;
  return (
    <>
      <dt>{say('offsite-ui-dash-label', {})}</dt>
      <dd className={`offsite-line offsite-${o.status}`}>
        <span className="offsite-to">{o.to}</span>{' '}
        {o.kind === 's3' ? <span className={`badge small ${o.encrypted ? 'badge-ok' : 'badge-warning'}`}>{say(o.encrypted ? 'offsite-ui-dash-encrypted' : 'offsite-ui-dash-unencrypted', {})}</span> : null}
        <span className="block">{state}</span>
        {reason && o.status !== 'pushed' ? <span className="muted block">{reason}</span> : null}
      </dd>
    </>
  );
}
