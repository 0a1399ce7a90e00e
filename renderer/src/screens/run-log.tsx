/**
 * Past runs, filterable by job and status; the selected run's log underneath. A running run's log
 * grows live and shows its progress.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunDto, RunStatus } from '../lib/contract.js';
import { ErrorBox } from '../components/error-box.js';
import { RunStatusBadge } from '../components/health-badge.js';
import { Loading } from '../components/loading.js';
import { ProgressView } from '../components/progress-view.js';
import { durationBetween, formatBytes, formatDuration } from '../lib/format.js';
import { useJobTime, useJobTimes } from '../lib/job-time.js';
import { useMode } from '../stores/app-store.js';
import { useJobsStore } from '../stores/jobs-store.js';
import { selectedRun, useRunsStore } from '../stores/runs-store.js';
import { useStatusStore } from '../stores/status-store.js';

const statuses: RunStatus[] = ['running', 'success', 'warning', 'partial', 'failed', 'cancelled', 'interrupted'];

function runBytes(run: RunDto): number {
  return run.items.reduce((sum, i) => sum + i.bytes, 0);
}

export function RunLog({ jobId }: { jobId?: string | undefined }) {
  const { t } = useTranslation();
  const history = useRunsStore((s) => s.history);
  const filter = useRunsStore((s) => s.filter);
  const setFilter = useRunsStore((s) => s.setFilter);
  const load = useRunsStore((s) => s.load);
  const select = useRunsStore((s) => s.select);
  const selected = useRunsStore((s) => s.selected);
  const jobs = useJobsStore((s) => s.jobs);
  const loadJobs = useJobsStore((s) => s.load);
  const timesOf = useJobTimes();

  useEffect(() => {
    void loadJobs();
    if (jobId !== undefined) void setFilter({ jobId });
    else void load();
  }, [jobId, load, loadJobs, setFilter]);

  const jobName = (id: string) => (jobs.kind === 'ready' ? (jobs.value.find((j) => j.id === id)?.name ?? id) : id);

  return (
    <section className="screen" aria-labelledby="runs-title">
      <header className="screen-header">
        <h1 id="runs-title">{t('runs.title')}</h1>
      </header>
      <div className="filters">
        <div className="field inline">
          <label htmlFor="runs-job">{t('runs.filterJob')}</label>
          <select id="runs-job" value={filter.jobId} onChange={(e) => void setFilter({ jobId: e.target.value })}>
            <option value="">{t('runs.allJobs')}</option>
            {jobs.kind === 'ready'
              ? jobs.value.map((j) => (
                  <option key={j.id} value={j.id}>
                    {j.name}
                  </option>
                ))
              : null}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="runs-status">{t('runs.filterStatus')}</label>
          <select id="runs-status" value={filter.status} onChange={(e) => void setFilter({ status: e.target.value as RunStatus | '' })}>
            <option value="">{t('runs.allStatuses')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`runStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {history.kind === 'loading' || history.kind === 'idle' ? <Loading /> : null}
      {history.kind === 'error' ? (
        <>
          <ErrorBox error={history.error} title={t('runs.loadError')} />
          <button type="button" onClick={() => void load()}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
      {history.kind === 'ready' && history.value.length === 0 ? <p className="empty">{t('runs.empty')}</p> : null}
      {history.kind === 'ready' && history.value.length > 0 ? (
        <div className="table-wrap">
          <table className="runs">
            <caption className="sr-only">{t('runs.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('runs.col.time')}</th>
                <th scope="col">{t('runs.col.job')}</th>
                <th scope="col">{t('runs.col.trigger')}</th>
                <th scope="col">{t('runs.col.status')}</th>
                <th scope="col">{t('runs.col.duration')}</th>
                <th scope="col">{t('runs.col.size')}</th>
              </tr>
            </thead>
            <tbody>
              {history.value.map((run) => {
                const isSel = selected?.runId === run.runId && selected.jobId === run.jobId;
                const started = timesOf(run.jobId).time(run.startedAt);
                return (
                  <tr key={`${run.jobId}/${run.runId}`} className={isSel ? 'selected' : ''} aria-selected={isSel}>
                    <td>
                      <button type="button" className="link" onClick={() => void select(run)} aria-label={t('runs.showLog', { time: started, job: jobName(run.jobId) })}>
                        {started}
                      </button>
                    </td>
                    <td>{jobName(run.jobId)}</td>
                    <td>{t(`runs.trigger.${run.trigger}`, { defaultValue: run.trigger })}</td>
                    <td>
                      <RunStatusBadge status={run.status} />
                    </td>
                    <td>{formatDuration(durationBetween(run.startedAt, run.finishedAt))}</td>
                    <td>{run.status === 'running' ? '—' : formatBytes(runBytes(run))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {selected ? <RunDetail /> : null}
    </section>
  );
}

function RunDetail() {
  const { t } = useTranslation();
  const mode = useMode();
  const run = useRunsStore((s) => selectedRun(s));
  const log = useRunsStore((s) => s.log);
  const openLog = useRunsStore((s) => s.openLog);
  const openError = useRunsStore((s) => s.openError);
  const progress = useStatusStore((s) => (run ? s.progress[run.jobId] : undefined));
  const logRef = useRef<HTMLPreElement>(null);
  const lines = log.kind === 'ready' ? log.value.length : 0;
  const times = useJobTime(run?.jobId);

  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);

  if (!run) return null;
  return (
    <section className="run-detail" aria-labelledby="run-detail-title">
      <div className="card-head">
        <h2 id="run-detail-title">{t('runs.detailTitle', { time: times.time(run.startedAt) })}</h2>
        {mode === 'electron' ? (
          <button type="button" onClick={() => void openLog()}>
            {t('runs.openLog')}
          </button>
        ) : null}
      </div>
      {openError ? <ErrorBox error={openError} /> : null}
      {run.status === 'running' ? <ProgressView progress={progress} label={t('runs.progressLabel')} /> : null}
      {run.error ? <ErrorBox error={run.error} jobId={run.jobId} title={t('runs.runError')} /> : null}
      {run.warnings.length > 0 ? (
        <ul className="warn-box">
          {run.warnings.map((w, i) => (
            <li key={i}>{times.say(w)}</li>
          ))}
        </ul>
      ) : null}
      {run.items.length > 0 ? (
        <ul className="items">
          {run.items.map((i) => (
            <li key={`${i.source}-${i.name ?? ''}`}>
              <span className={`dot dot-${i.status}`} aria-hidden="true" />
              {t(`sourceType.${i.type}`)} {i.name ? `— ${i.name}` : ''}: {t(`itemStatus.${i.status}`)} · {formatBytes(i.bytes)} · {formatDuration(i.durationMs)}
              {i.detail && !i.error ? <span className="muted"> · {times.say(i.detail)}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {run.items.map((i) =>
        i.status === 'failed' && i.error ? (
          <ErrorBox key={`error-${i.source}-${i.name ?? ''}`} error={i.error} jobId={run.jobId} title={t('dashboard.itemFailed', { type: t(`sourceType.${i.type}`), item: i.name ? `${i.source}/${i.name}` : i.source })} />
        ) : null,
      )}
      {log.kind === 'loading' ? <Loading /> : null}
      {log.kind === 'error' ? <ErrorBox error={log.error} title={t('runs.logError')} /> : null}
      {log.kind === 'ready' ? (
        <pre className="log" ref={logRef} tabIndex={0} aria-label={t('runs.logLabel')}>
          {log.value.length > 0 ? log.value.join('\n') : t('runs.logEmpty')}
        </pre>
      ) : null}
    </section>
  );
}
