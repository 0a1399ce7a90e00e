/**
 * The setup wizard's frame: the step list, the current step, Back/Next. Focus moves to the step's
 * heading on every step change so keyboard and screen-reader users land at the top of the new step.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/error-box.js';
import { Loading } from '../../components/loading.js';
import { useAppStore } from '../../stores/app-store.js';
import { useJobsStore } from '../../stores/jobs-store.js';
import { useStatusStore } from '../../stores/status-store.js';
import { buildJob, STEPS, useWizardStore, type StepName, type WizardState } from '../../stores/wizard-store.js';
import { StepBasics } from './step-basics.js';
import { StepDatabases } from './step-databases.js';
import { StepFiles } from './step-files.js';
import { StepRedis } from './step-redis.js';
import { StepRetention } from './step-retention.js';
import { StepSchedule } from './step-schedule.js';
import { StepServer } from './step-server.js';
import { StepSummary } from './step-summary.js';
import { StepOffsite } from './step-offsite.js';
import { useSay } from '../../lib/messages.js';

function StepBody({ step }: { step: StepName }) {
  switch (step) {
    case 'basics':
      return <StepBasics />;
    case 'server':
      return <StepServer />;
    case 'files':
      return <StepFiles />;
    case 'databases':
      return <StepDatabases />;
    case 'redis':
      return <StepRedis />;
    case 'schedule':
      return <StepSchedule />;
    case 'retention':
      return <StepRetention />;
    case 'offsite':
      return <StepOffsite />;
    case 'summary':
      return <StepSummary />;
    default: {
      const never: never = step;
      return never;
    }
  }
}

export function SetupWizard({ jobId }: { jobId?: string | undefined }) {
  const { t } = useTranslation();
  const { say } = useSay();
  // The off-site step's words live in the message catalogue (electron/shared/messages/catalogue/offsite-s3.ts).
  const stepTitle = (s: StepName) => (s === 'offsite' ? say('offsite-ui-step-title', {}) : t(`wizard.steps.${s}`));
  const step = useWizardStore((s) => s.step);
  const mode = useWizardStore((s) => s.mode);
  const loadState = useWizardStore((s) => s.loadState);
  const saved = useWizardStore((s) => s.saved);
  const next = useWizardStore((s) => s.next);
  const back = useWizardStore((s) => s.back);
  const save = useWizardStore((s) => s.save);
  const navigate = useAppStore((s) => s.navigate);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const stepName = STEPS[step] ?? 'basics';
  const viaSsh = useWizardStore((s) => s.server.reach === 'ssh');

  useEffect(() => {
    if (jobId) {
      void useWizardStore.getState().startEdit(jobId);
    } else {
      const jobs = useJobsStore.getState().jobs;
      const status = useStatusStore.getState().status;
      const ids = jobs.kind === 'ready' ? jobs.value.map((j) => j.id) : status.kind === 'ready' ? status.value.jobs.map((j) => j.jobId) : [];
      useWizardStore.getState().startNew(ids);
    }
  }, [jobId]);

  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  // Opened (or loaded for an edit): the keyboard starts in the wizard's first field, and what the
  // wizard holds now is what Cancel compares against.
  const formRef = useRef<HTMLFormElement>(null);
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (loadState.kind !== 'ready') return;
    opened.current = filledSignature(useWizardStore.getState());
    formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [loadState.kind]);

  // A test ended: the keyboard moves to its result (a screen reader reads it from there).
  useEffect(
    () =>
      useWizardStore.subscribe((now, before) => {
        const pairs = [
          [now.server.hostKey, before.server.hostKey],
          [now.server.test, before.server.test],
          [now.files.test, before.files.test],
          [now.mysql.test, before.mysql.test],
          [now.redis.test, before.redis.test],
        ] as const;
        if (!pairs.some(([a, b]) => b.kind === 'loading' && (a.kind === 'ready' || a.kind === 'error'))) return;
        setTimeout(() => {
          const boxes = formRef.current?.querySelectorAll<HTMLElement>('.ok-box, .warn-box, .error-box');
          const box = boxes?.[boxes.length - 1];
          if (!box) return;
          box.tabIndex = -1;
          box.focus();
        }, 0);
      }),
    [],
  );

  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const finish = () => {
    void useStatusStore.getState().load();
    void useJobsStore.getState().load();
    navigate({ name: 'dashboard' });
  };
  const cancel = () => {
    // What was typed is not thrown away on one click: ask first.
    const dirty = saved.kind !== 'ready' && opened.current !== null && filledSignature(useWizardStore.getState()) !== opened.current;
    if (dirty) setConfirmDiscard(true);
    // Passwords typed and tested but not saved are forgotten on any way out.
    else void useWizardStore.getState().discard().finally(finish);
  };

  return (
    <section className="screen wizard" aria-labelledby="wizard-title">
      <header className="screen-header">
        <h1 id="wizard-title">{mode.kind === 'edit' ? t('wizard.editTitle') : t('wizard.newTitle')}</h1>
        <button type="button" className="link" onClick={cancel}>
          {saved.kind === 'ready' ? t('wizard.done') : t('common.cancel')}
        </button>
      </header>
      {confirmDiscard ? (
        <DiscardQuestion
          onDiscard={() => {
            void useWizardStore.getState().discard().finally(finish);
          }}
          onKeep={() => setConfirmDiscard(false)}
        />
      ) : null}
      {loadState.kind === 'loading' ? <Loading /> : null}
      {loadState.kind === 'error' ? <ErrorBox error={loadState.error} /> : null}
      {loadState.kind === 'ready' ? (
        <div className="wizard-body">
          <ol className="steps" aria-label={t('wizard.stepsLabel')}>
            {STEPS.map((s, i) => (
              <li key={s} className={i === step ? 'current' : i < step ? 'done' : ''} aria-current={i === step ? 'step' : undefined}>
                <span className="step-no" aria-hidden="true">
                  {i + 1}
                </span>
                {stepTitle(s)}
              </li>
            ))}
          </ol>
          <form
            ref={formRef}
            className="step"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (stepName === 'summary') void save();
              else void next();
            }}
          >
            <h2 ref={headingRef} tabIndex={-1}>
              {t('wizard.stepOf', { n: step + 1, total: STEPS.length })} — {stepTitle(stepName)}
            </h2>
            <p className="muted">{stepName === 'offsite' ? say('offsite-ui-step-intro', {}) : t(`wizard.intro.${stepName === 'files' && viaSsh ? 'filesSsh' : stepName}`)}</p>
            <StepBody step={stepName} />
            <div className="wizard-nav">
              {step > 0 && saved.kind !== 'ready' ? (
                <button type="button" onClick={back}>
                  {t('common.back')}
                </button>
              ) : (
                <span />
              )}
              {stepName === 'summary' ? (
                saved.kind === 'ready' ? (
                  <button type="button" onClick={finish}>
                    {t('wizard.done')}
                  </button>
                ) : (
                  <button type="submit" className="primary" disabled={saved.kind === 'loading'}>
                    {t('wizard.save')}
                  </button>
                )
              ) : (
                <button type="submit" className="primary">
                  {t('common.next')}
                </button>
              )}
            </div>
          </form>
        </div>
      ) : null}
    </section>
  );
}

/** What the admin has entered: the job the wizard would save (its id aside) and any password typed but not yet stored. */
function filledSignature(s: WizardState): string {
  const typed = [s.server.password, s.server.passphrase, s.files.password, s.mysql.password, s.redis.password].some((p) => p !== '');
  return JSON.stringify({ ...buildJob(s), id: '', typed });
}

/** Cancel on a filled wizard: throw it away, or go back to it (the default, focused). */
function DiscardQuestion({ onDiscard, onKeep }: { onDiscard: () => void; onKeep: () => void }) {
  const { t } = useTranslation();
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => keepRef.current?.focus(), []);
  return (
    <div className="warn-box discard" role="alertdialog" aria-labelledby="discard-question">
      <p id="discard-question">{t('wizard.discardQuestion')}</p>
      <div className="actions">
        <button type="button" ref={keepRef} onClick={onKeep}>
          {t('wizard.keepEditing')}
        </button>
        <button type="button" className="danger" onClick={onDiscard}>
          {t('wizard.discard')}
        </button>
      </div>
    </div>
  );
}
