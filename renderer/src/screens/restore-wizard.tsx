/**
 * Restore, step by step: from where, which snapshot, which items, to where, review, progress,
 * result. The review shows the engine's plan in plain sentences; a destructive overwrite needs
 * the confirmation word typed, and the safety backup of what is about to be replaced is on by
 * default.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../components/error-box.js';
import { Field } from '../components/field.js';
import { RestoreLocationForm } from './restore-location-form.js';
import { Loading } from '../components/loading.js';
import { ProgressView } from '../components/progress-view.js';
import { SnapshotBrowser } from '../components/snapshot-browser.js';
import { formatBytes } from '../lib/format.js';
import { useJobTime } from '../lib/job-time.js';
import { say, sayHint } from '../lib/say.js';
import { useSay } from '../lib/messages.js';
import type { ErrorDto, RestorePlanDto } from '../lib/contract.js';
import { useMode } from '../stores/app-store.js';
import { useAppStore } from '../stores/app-store.js';
import { useJobsStore } from '../stores/jobs-store.js';
import { browseRequestFor, RESTORE_STEPS, useRestoreStore, type ItemChoice, type RestoreStep, type Target } from '../stores/restore-store.js';

export function RestoreWizard({ jobId }: { jobId?: string | undefined }) {
  const { t } = useTranslation();
  const step = useRestoreStore((s) => s.step);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const st = useRestoreStore.getState();
    if (jobId && !(st.source?.kind === 'job' && st.source.jobId === jobId)) {
      st.reset();
      void st.chooseSource({ kind: 'job', jobId });
    }
  }, [jobId]);

  // Leaving the wizard forgets the passwords typed for this session (nothing of them stays behind).
  useEffect(() => () => useRestoreStore.getState().leave(), []);

  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  const visible = RESTORE_STEPS.filter((s) => s !== 'progress' && s !== 'result');
  const idx = visible.indexOf(step as (typeof visible)[number]);

  return (
    <section className="screen wizard" aria-labelledby="restore-title">
      <header className="screen-header">
        <h1 id="restore-title">{t('restore.title')}</h1>
        {step !== 'source' && step !== 'progress' ? (
          <button type="button" className="link" onClick={() => useRestoreStore.getState().reset()}>
            {t('restore.startOver')}
          </button>
        ) : null}
      </header>
      <div className="wizard-body">
        <ol className="steps" aria-label={t('wizard.stepsLabel')}>
          {visible.map((s, i) => (
            <li key={s} className={s === step ? 'current' : idx === -1 || i < idx ? 'done' : ''} aria-current={s === step ? 'step' : undefined}>
              <span className="step-no" aria-hidden="true">
                {i + 1}
              </span>
              {t(`restore.steps.${s}`)}
            </li>
          ))}
        </ol>
        <div className="step">
          <h2 ref={headingRef} tabIndex={-1}>
            {t(`restore.steps.${step}`)}
          </h2>
          <Body step={step} />
        </div>
      </div>
    </section>
  );
}

function Body({ step }: { step: RestoreStep }) {
  switch (step) {
    case 'source':
      return <SourceStep />;
    case 'snapshot':
      return <SnapshotStep />;
    case 'items':
      return <ItemsStep />;
    case 'target':
      return <TargetStep />;
    case 'review':
      return <ReviewStep />;
    case 'progress':
      return <ProgressStep />;
    case 'result':
      return <ResultStep />;
    default: {
      const never: never = step;
      return never;
    }
  }
}

function SourceStep() {
  const { t } = useTranslation();
  const mode = useMode();
  const jobs = useJobsStore((s) => s.jobs);
  const loadJobs = useJobsStore((s) => s.load);
  const chooseSource = useRestoreStore((s) => s.chooseSource);
  const openFolder = useRestoreStore((s) => s.openFolder);
  const [folder, setFolder] = useState('');

  useEffect(() => {
    void loadJobs();
  }, [loadJobs]);

  return (
    <>
      <p className="muted">{t('restore.sourceIntro')}</p>
      {jobs.kind === 'loading' || jobs.kind === 'idle' ? <Loading /> : null}
      {jobs.kind === 'error' ? <ErrorBox error={jobs.error} /> : null}
      {jobs.kind === 'ready' && jobs.value.length > 0 ? (
        <ul className="choice-list">
          {jobs.value.map((j) => (
            <li key={j.id}>
              <button type="button" className="choice" onClick={() => void chooseSource({ kind: 'job', jobId: j.id })}>
                <strong>{j.name}</strong>
                <span className="muted block">{j.destination.path}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {jobs.kind === 'ready' && jobs.value.length === 0 ? <p>{t('restore.noJobs')}</p> : null}
      <h3>{t('restore.fromFolderTitle')}</h3>
      <p className="muted">{t('restore.fromFolderText')}</p>
      {mode === 'electron' ? (
        <button
          type="button"
          onClick={async () => {
            const path = await openFolder(t('restore.openFolder'));
            if (path) void chooseSource({ kind: 'folder', path });
          }}
        >
          {t('restore.openFolder')}
        </button>
      ) : (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (folder.trim()) void chooseSource({ kind: 'folder', path: folder.trim() });
          }}
        >
          <Field label={t('restore.folderPath')} value={folder} onChange={setFolder} />
          <button type="submit" disabled={!folder.trim()}>
            {t('restore.openFolderShort')}
          </button>
        </form>
      )}
      <RestoreLocationForm />
    </>
  );
}

/** Snapshot times in the zone of the job they come from (the machine's for a folder). */
function useRestoreTimes() {
  return useJobTime(useRestoreStore((s) => (s.source?.kind === 'job' ? s.source.jobId : null)));
}

function SnapshotStep() {
  const { t } = useTranslation();
  const times = useRestoreTimes();
  const snapshots = useRestoreStore((s) => s.snapshots);
  const choose = useRestoreStore((s) => s.chooseSnapshot);
  const goTo = useRestoreStore((s) => s.goTo);
  const sorted = snapshots.kind === 'ready' ? [...snapshots.value].sort((a, b) => b.startedAt.localeCompare(a.startedAt)) : [];
  return (
    <>
      {snapshots.kind === 'loading' || snapshots.kind === 'idle' ? <Loading /> : null}
      {snapshots.kind === 'error' ? <ErrorBox error={snapshots.error} title={t('restore.snapshotsError')} /> : null}
      {snapshots.kind === 'ready' && sorted.length === 0 ? <p className="empty">{t('restore.noSnapshots')}</p> : null}
      {sorted.length > 0 ? (
        <ul className="choice-list">
          {sorted.map((snap, i) => (
            <li key={snap.id}>
              <button type="button" className="choice" onClick={() => choose(snap.id)}>
                <strong>{times.time(snap.startedAt)}</strong>
                {i === 0 ? <span className="badge badge-running small">{t('restore.latest')}</span> : null}
                {snap.status === 'partial' ? <span className="badge badge-partial small">{t('runStatus.partial')}</span> : null}
                {snap.verified ? (
                  <span className="badge badge-ok small">{t(snap.verified.kind === 'restore-test' ? 'restore.restoreTested' : 'common.verified')}</span>
                ) : (
                  <span className="badge badge-never small">{t('restore.notVerified')}</span>
                )}
                <span className="muted block">
                  {formatBytes(snap.bytes)} · {snap.items.map((it) => it.database ?? t(`sourceType.${it.type}`)).join(', ')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="wizard-nav">
        <button type="button" onClick={() => goTo('source')}>
          {t('common.back')}
        </button>
      </div>
    </>
  );
}

function itemLabel(t: (k: string, o?: Record<string, unknown>) => string, c: ItemChoice): string {
  switch (c.item.type) {
    case 'files':
      return t('restore.item.files');
    case 'mysql':
      return t('restore.item.mysql', { name: c.item.database ?? c.item.source });
    case 'redis':
      return t('restore.item.redis');
    default: {
      const never: never = c.item.type;
      return never;
    }
  }
}

/** The folder the browser opens at: the one holding what is typed ('' for nothing typed). */
function parentOf(typed: string): string {
  const parts = typed.trim().replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  return parts.includes('..') ? '' : parts.slice(0, -1).join('/');
}

function ItemsStep() {
  const { t } = useTranslation();
  const times = useRestoreTimes();
  const items = useRestoreStore((s) => s.items);
  const update = useRestoreStore((s) => s.updateItem);
  const goTo = useRestoreStore((s) => s.goTo);
  const source = useRestoreStore((s) => s.source);
  const snapshotId = useRestoreStore((s) => s.snapshotId);
  const [browsing, setBrowsing] = useState<string | null>(null);
  const any = items.some((c) => c.selected);
  return (
    <>
      <fieldset className="choices">
        <legend>{t('restore.itemsLegend')}</legend>
        {items.map((c) => (
          <div key={c.key} className="item-choice">
            <label className="check">
              <input type="checkbox" checked={c.selected} onChange={(e) => update(c.key, { selected: e.target.checked })} />
              <span>
                {itemLabel(t, c)} <span className="muted">· {times.say(c.item.summary)} · {formatBytes(c.item.bytes)}</span>
                {c.snapshotStartedAt ? <span className="badge badge-partial small">{t('restore.olderCopy', { time: times.time(c.snapshotStartedAt) })}</span> : null}
              </span>
            </label>
            {c.item.type === 'files' && c.selected ? (
              <>
                <Field label={t('restore.filesPath')} value={c.filesPath} onChange={(filesPath) => update(c.key, { filesPath })} help={t('restore.filesPathHelp')} placeholder="wp-content/uploads" />
                {browsing === c.key ? (
                  <SnapshotBrowser
                    request={browseRequestFor({ source, snapshotId }, c)}
                    start={parentOf(c.filesPath)}
                    times={times}
                    onPick={(filesPath) => {
                      update(c.key, { filesPath });
                      setBrowsing(null);
                    }}
                    onClose={() => setBrowsing(null)}
                  />
                ) : (
                  <button type="button" onClick={() => setBrowsing(c.key)}>
                    {t('restore.browse')}
                  </button>
                )}
              </>
            ) : null}
          </div>
        ))}
      </fieldset>
      {!any ? <p className="field-error">{t('restore.chooseOne')}</p> : null}
      <div className="wizard-nav">
        <button type="button" onClick={() => goTo('snapshot')}>
          {t('common.back')}
        </button>
        <button type="button" className="primary" disabled={!any} onClick={() => goTo('target')}>
          {t('common.next')}
        </button>
      </div>
    </>
  );
}

const targetKinds: Record<ItemChoice['item']['type'], Target['kind'][]> = {
  files: ['original', 'folder'],
  mysql: ['original', 'newDatabase', 'otherServer'],
  redis: ['original'],
};

function defaultTarget(kind: Target['kind']): Target {
  switch (kind) {
    case 'original':
      return { kind };
    case 'folder':
      return { kind, path: '' };
    case 'newDatabase':
      return { kind, name: '' };
    case 'otherServer':
      return { kind, host: '', port: '3306', user: '', password: '', database: '' };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function targetIncomplete(c: ItemChoice): boolean {
  const tg = c.target;
  switch (tg.kind) {
    case 'original':
      return false;
    case 'folder':
      return !tg.path.trim();
    case 'newDatabase':
      return !tg.name.trim();
    case 'otherServer':
      return !tg.host.trim() || !tg.user.trim() || !/^\d+$/.test(tg.port);
    default: {
      const never: never = tg;
      return never;
    }
  }
}

function TargetStep() {
  const { t } = useTranslation();
  const items = useRestoreStore((s) => s.items);
  const update = useRestoreStore((s) => s.updateItem);
  const goTo = useRestoreStore((s) => s.goTo);
  const review = useRestoreStore((s) => s.review);
  const chosen = items.filter((c) => c.selected);
  const incomplete = chosen.some(targetIncomplete);
  return (
    <>
      {chosen.map((c) => (
        <fieldset key={c.key} className="choices">
          <legend>{itemLabel(t, c)}</legend>
          {targetKinds[c.item.type].map((k) => (
            <label key={k} className="radio">
              <input type="radio" name={`target-${c.key}`} checked={c.target.kind === k} onChange={() => update(c.key, { target: defaultTarget(k) })} />
              <span>{t(`restore.target.${c.item.type}.${k}`)}</span>
            </label>
          ))}
          <TargetFields c={c} />
          {c.item.type === 'files' ? (
            <label className="check">
              <input type="checkbox" checked={c.mirror} onChange={(e) => update(c.key, { mirror: e.target.checked })} />
              {t('restore.mirror')}
            </label>
          ) : null}
          {c.item.type === 'mysql' ? (
            <div className="field">
              <label className="check">
                <input type="checkbox" checked={c.stripDefiners} onChange={(e) => update(c.key, { stripDefiners: e.target.checked })} aria-describedby={`strip-${c.key}-help`} />
                {t('restore.stripDefiners')}
              </label>
              <p id={`strip-${c.key}-help`} className="help">
                {t('restore.stripDefinersHelp')}
              </p>
            </div>
          ) : null}
          {c.item.type === 'redis' ? (
            <label className="check">
              <input type="checkbox" checked={c.flush} onChange={(e) => update(c.key, { flush: e.target.checked })} />
              {t('restore.flush')}
            </label>
          ) : null}
        </fieldset>
      ))}
      {incomplete ? <p className="field-error">{t('restore.targetIncomplete')}</p> : null}
      <div className="wizard-nav">
        <button type="button" onClick={() => goTo('items')}>
          {t('common.back')}
        </button>
        <button type="button" className="primary" disabled={incomplete} onClick={() => void review()}>
          {t('restore.toReview')}
        </button>
      </div>
    </>
  );
}

function TargetFields({ c }: { c: ItemChoice }) {
  const { t } = useTranslation();
  const update = useRestoreStore((s) => s.updateItem);
  const tg = c.target;
  switch (tg.kind) {
    case 'original':
      return null;
    case 'folder':
      return <Field label={t('restore.targetFolder')} value={tg.path} onChange={(path) => update(c.key, { target: { ...tg, path } })} />;
    case 'newDatabase':
      return <Field label={t('restore.newDatabase')} value={tg.name} onChange={(name) => update(c.key, { target: { ...tg, name } })} />;
    case 'otherServer':
      return (
        <div className="grid2">
          <Field label={t('wizard.common.host')} value={tg.host} onChange={(host) => update(c.key, { target: { ...tg, host } })} />
          <Field label={t('wizard.common.port')} value={tg.port} inputMode="numeric" onChange={(port) => update(c.key, { target: { ...tg, port } })} />
          <Field label={t('wizard.common.user')} value={tg.user} autoComplete="off" onChange={(user) => update(c.key, { target: { ...tg, user } })} />
          <Field label={t('wizard.common.password')} type="password" autoComplete="new-password" value={tg.password} onChange={(password) => update(c.key, { target: { ...tg, password } })} />
          <Field label={t('restore.databaseName')} value={tg.database} onChange={(database) => update(c.key, { target: { ...tg, database } })} help={t('restore.databaseNameHelp')} />
        </div>
      );
    default: {
      const never: never = tg;
      return never;
    }
  }
}

function ReviewStep() {
  const { t } = useTranslation();
  const plans = useRestoreStore((s) => s.plans);
  const items = useRestoreStore((s) => s.items);
  const safetyBackup = useRestoreStore((s) => s.safetyBackup);
  const setSafetyBackup = useRestoreStore((s) => s.setSafetyBackup);
  const confirmation = useRestoreStore((s) => s.confirmation);
  const setConfirmation = useRestoreStore((s) => s.setConfirmation);
  const start = useRestoreStore((s) => s.start);
  const goTo = useRestoreStore((s) => s.goTo);
  const review = useRestoreStore((s) => s.review);
  const word = t('restore.confirmWord');
  const destructive = plans.kind === 'ready' && plans.value.some((p) => p.plan.destructive);
  const hasMysql = items.some((c) => c.selected && c.item.type === 'mysql');
  const confirmed = !destructive || confirmation.trim() === word;
  const { say: say2 } = useSay();
  const blocked = plans.kind === 'ready' && plans.value.some((p) => p.plan.rights !== null && !p.plan.rights.ok);
  return (
    <>
      {plans.kind === 'loading' || plans.kind === 'idle' ? <Loading label={t('restore.planning')} /> : null}
      {plans.kind === 'error' ? (
        <>
          <ErrorBox error={plans.error} title={t('restore.planError')} />
          <button type="button" onClick={() => void review()}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
      {plans.kind === 'ready' ? (
        <>
          {plans.value.map(({ key, plan }) => {
            const c = items.find((x) => x.key === key);
            return (
              <article key={key} className={`plan${plan.destructive ? ' destructive' : ''}`} aria-labelledby={`plan-${key}`}>
                <h3 id={`plan-${key}`}>{c ? itemLabel(t, c) : key}</h3>
                {plan.overwrites ? <p className="warn-text">{t('restore.overwrites', { what: say(plan.overwrites) })}</p> : <p>{t('restore.nothingOverwritten')}</p>}
                <ul>
                  {plan.steps.map((s, i) => (
                    <li key={i}>{say(s)}</li>
                  ))}
                </ul>
                {plan.safetyBackup ? (
                  <p className="muted">
                    {plan.safetyBackup.willTake ? t('restore.safetyWill', { reason: say(plan.safetyBackup.reason) }) : t('restore.safetyWont', { reason: say(plan.safetyBackup.reason) })}
                  </p>
                ) : null}
                <p className="muted">{t('restore.size', { size: formatBytes(plan.bytes) })}</p>
                {plan.rights && !plan.rights.ok && c ? <RestoreAccessPanel c={c} rights={plan.rights} /> : null}
                {plan.rights?.ok && c?.access ? (
                  <p className="ok-text" role="status">
                    {say2(c.access.remembered ? 'restore-access-using-remembered' : 'restore-access-using', { user: c.access.user })}
                  </p>
                ) : null}
              </article>
            );
          })}
          {hasMysql ? (
            <label className="check">
              <input type="checkbox" checked={safetyBackup} onChange={(e) => void setSafetyBackup(e.target.checked)} />
              {t('restore.safetyBackup')}
            </label>
          ) : null}
          {destructive ? (
            <Field
              label={t('restore.confirmLabel', { word })}
              value={confirmation}
              onChange={setConfirmation}
              autoComplete="off"
              spellCheck={false}
              help={t('restore.confirmHelp')}
            />
          ) : null}
        </>
      ) : null}
      <div className="wizard-nav">
        <button type="button" onClick={() => goTo('target')}>
          {t('common.back')}
        </button>
        <button type="button" className={destructive ? 'danger' : 'primary'} disabled={plans.kind !== 'ready' || !confirmed || blocked} onClick={() => void start()}>
          {t('restore.start')}
        </button>
      </div>
      {blocked ? <p className="muted">{say2('restore-access-blocked', {})}</p> : null}
    </>
  );
}

type Rights = NonNullable<RestorePlanDto['rights']>;

/**
 * "Restore access needed": the backup account (or the read-only module) cannot do every step. What
 * is missing, in the admin's language; a form for a restore account, tested with a fresh plan before
 * it is used; "remember" keeps its password in the keychain (only once it worked); a link to Server
 * setup, which prints that access.
 */
export function RestoreAccessPanel({ c, rights }: { c: ItemChoice; rights: Rights }) {
  const { say: s } = useSay();
  const useAccess = useRestoreStore((st) => st.useAccess);
  const source = useRestoreStore((st) => st.source);
  const navigate = useAppStore((st) => st.navigate);
  const [user, setUser] = useState('');
  const [module, setModule] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [testing, setTesting] = useState(false);
  const [failed, setFailed] = useState<{ rights: Rights } | { error: ErrorDto } | null>(null);
  const [userMissing, setUserMissing] = useState(false);
  const daemon = rights.kind === 'files' && /rsync:\/\/|::/.test(rights.where);
  const test = async () => {
    if (!user.trim()) {
      setUserMissing(true);
      return;
    }
    setUserMissing(false);
    setTesting(true);
    setFailed(null);
    const r = await useAccess(c.key, { user, module, password, remember });
    setTesting(false);
    if (r.ok) {
      setPassword('');
      return;
    }
    setFailed('rights' in r ? { rights: r.rights } : { error: r.error });
  };
  const intro =
    rights.kind === 'mysql'
      ? s('restore-access-intro-mysql', { account: rights.account, where: rights.where })
      : rights.kind === 'files'
        ? s('restore-access-intro-files', { account: rights.account })
        : s('restore-access-intro-folder', { where: rights.where });
  const moduleHint = /rsync:\/\/[^/]+\/([^/]+)|::([^/]+)/.exec(rights.where);
  return (
    <section className="restore-access" aria-labelledby={`access-${c.key}`}>
      <h4 id={`access-${c.key}`}>{s('restore-access-title', {})}</h4>
      <p>{intro}</p>
      <p>{s('restore-access-missing', {})}</p>
      <ul className="missing-rights">
        {rights.missing.map((m, i) => (
          <li key={i}>{say(m)}</li>
        ))}
      </ul>
      {rights.fix ? (
        <details>
          <summary>{s('restore-access-fix', {})}</summary>
          <pre className="code">{rights.fix}</pre>
        </details>
      ) : null}
      {rights.kind !== 'folder' ? (
        <div className="access-form">
          <Field label={s('restore-access-user', {})} value={user} onChange={setUser} autoComplete="off" spellCheck={false} errorMessage={userMissing ? s('restore-access-user-needed', {}) : undefined} />
          {daemon ? (
            <Field
              label={s('restore-access-module', {})}
              value={module}
              onChange={setModule}
              autoComplete="off"
              spellCheck={false}
              help={moduleHint ? s('restore-access-module-help', { module: `${moduleHint[1] ?? moduleHint[2]}-restore` }) : undefined}
            />
          ) : null}
          <Field label={s('restore-access-password', {})} type="password" autoComplete="new-password" value={password} onChange={setPassword} />
          {source?.kind === 'job' ? (
            <label className="check">
              <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
              {s('restore-access-remember', {})}
            </label>
          ) : null}
          <button type="button" className="primary" disabled={testing} onClick={() => void test()}>
            {testing ? s('restore-access-testing', {}) : s('restore-access-test', {})}
          </button>
        </div>
      ) : null}
      {failed && 'rights' in failed ? (
        <div className="field-error" role="alert">
          <p>{s('restore-access-still-missing', {})}</p>
          <ul>
            {failed.rights.missing.map((m, i) => (
              <li key={i}>{say(m)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {failed && 'error' in failed ? <ErrorBox error={failed.error} title={s('restore-access-still-missing', {})} /> : null}
      {source?.kind === 'job' && rights.kind !== 'folder' ? (
        <p>
          <button type="button" className="link" onClick={() => navigate({ name: 'server-setup', jobId: source.jobId })}>
            {s('restore-access-setup-link', {})}
          </button>
        </p>
      ) : null}
    </section>
  );
}

function ProgressStep() {
  const { t } = useTranslation();
  const current = useRestoreStore((s) => s.current);
  const items = useRestoreStore((s) => s.items);
  const cancel = useRestoreStore((s) => s.cancel);
  const c = items.find((x) => x.key === current?.key);
  return (
    <>
      <p>{c ? t('restore.restoring', { what: itemLabel(t, c) }) : t('restore.preparing')}</p>
      <ProgressView progress={current?.progress} label={t('restore.progressLabel')} />
      {current && current.log.length > 0 ? (
        <pre className="log" tabIndex={0} aria-label={t('runs.logLabel')}>
          {current.log.join('\n')}
        </pre>
      ) : null}
      <div className="wizard-nav">
        <span />
        <button type="button" onClick={() => void cancel()} disabled={!current?.restoreId}>
          {t('common.cancel')}
        </button>
      </div>
    </>
  );
}

function ResultStep() {
  const { t } = useTranslation();
  const results = useRestoreStore((s) => s.results);
  const runError = useRestoreStore((s) => s.runError);
  const items = useRestoreStore((s) => s.items);
  const reset = useRestoreStore((s) => s.reset);
  const navigate = useAppStore((s) => s.navigate);
  const allOk = !runError && results.length > 0 && results.every((r) => r.result.status === 'success');
  return (
    <>
      <p className={allOk ? 'ok-box' : 'warn-box'} role="status">
        {allOk ? t('restore.allDone') : t('restore.notAllDone')}
      </p>
      {runError ? <ErrorBox error={runError} /> : null}
      {results.map(({ key, result }) => {
        const c = items.find((x) => x.key === key);
        return (
          <article key={key} className="plan">
            <h3>
              {c ? itemLabel(t, c) : key} — <span className={`badge badge-${result.status === 'success' ? 'ok' : 'failed'}`}>{t(`restore.status.${result.status}`)}</span>
            </h3>
            {result.error ? <ErrorBox error={result.error} /> : null}
            {result.verification.length > 0 ? (
              <table className="verification">
                <caption>{t('restore.verification')}</caption>
                <tbody>
                  {result.verification.map((v, i) => (
                    <tr key={i}>
                      <th scope="row">{say(v.check)}</th>
                      <td>
                        <span className={`badge badge-${v.ok ? 'ok' : 'failed'} small`}>{v.ok ? t('restore.checkOk') : t('restore.checkFailed')}</span>
                      </td>
                      <td>
                        {say(v.detail)}
                        {!v.ok && sayHint(v.detail) ? <span className="muted"> {sayHint(v.detail)}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {result.steps.length > 0 ? (
              <details className="restore-steps">
                <summary>{t('restore.stepsDone')}</summary>
                <ol>
                  {result.steps.map((s, i) => (
                    <li key={i}>{say(s)}</li>
                  ))}
                </ol>
              </details>
            ) : null}
            {result.safetyBackup ? <p className="muted">{t('restore.safetyKept', { path: result.safetyBackup.path })}</p> : null}
          </article>
        );
      })}
      <div className="wizard-nav">
        <button type="button" onClick={reset}>
          {t('restore.another')}
        </button>
        <button type="button" className="primary" onClick={() => navigate({ name: 'dashboard' })}>
          {t('restore.backToDashboard')}
        </button>
      </div>
    </>
  );
}
