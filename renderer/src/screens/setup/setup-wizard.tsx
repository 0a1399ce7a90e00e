/**
 * The setup wizard's frame: the step list, the current step, Back/Next. Focus moves to the step's
 * heading on every step change so keyboard and screen-reader users land at the top of the new step.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/error-box.js';
import { Loading } from '../../components/loading.js';
import { useAppStore } from '../../stores/app-store.js';
import { useJobsStore } from '../../stores/jobs-store.js';
import { useStatusStore } from '../../stores/status-store.js';
import { STEPS, useWizardStore, type StepName } from '../../stores/wizard-store.js';
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

  const finish = () => {
    void useStatusStore.getState().load();
    void useJobsStore.getState().load();
    navigate({ name: 'dashboard' });
  };

  return (
    <section className="screen wizard" aria-labelledby="wizard-title">
      <header className="screen-header">
        <h1 id="wizard-title">{mode.kind === 'edit' ? t('wizard.editTitle') : t('wizard.newTitle')}</h1>
        <button type="button" className="link" onClick={finish}>
          {saved.kind === 'ready' ? t('wizard.done') : t('common.cancel')}
        </button>
      </header>
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
