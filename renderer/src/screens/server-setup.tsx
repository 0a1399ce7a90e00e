/**
 * "Server setup help": what to paste on the shop's servers for one job — rsyncd modules and secrets
 * lines, the MySQL backup account, the Redis ACL user — each with where it goes, a Copy button,
 * the commands to run afterwards and the engine's notes.
 *
 * The snippets are the engine's: the text to paste is verbatim (config lines and SQL, comments in the
 * admin's language); their titles, places and notes arrive as messages (code + facts) said here in
 * the UI's language; everything around them is the UI's own text.
 * Opening the screen keeps the passwords Kura already has. New passwords are a separate,
 * confirmed action because they replace the stored ones immediately and the next backup fails until
 * the servers have the new lines.
 */
import { say } from '../lib/say.js';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServerSnippetDto } from '../lib/contract.js';
import { CodeBlock } from '../components/code-block.js';
import { ErrorBox } from '../components/error-box.js';
import { Field } from '../components/field.js';
import { Loading } from '../components/loading.js';
import { useAppStore } from '../stores/app-store.js';
import { useServerSetupStore } from '../stores/server-setup-store.js';
import { useStatusStore } from '../stores/status-store.js';

export function ServerSetup({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const report = useServerSetupStore((s) => s.report);
  const allow = useServerSetupStore((s) => s.allow);
  const replaced = useServerSetupStore((s) => s.replaced);
  const setAllow = useServerSetupStore((s) => s.setAllow);
  const load = useServerSetupStore((s) => s.load);
  const navigate = useAppStore((s) => s.navigate);
  const jobName = useStatusStore((s) => (s.status.kind === 'ready' ? s.status.value.jobs.find((j) => j.jobId === jobId)?.name : undefined)) ?? jobId;
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    void load(jobId, 'reuse');
  }, [jobId, load]);

  const busy = report.kind === 'loading';

  return (
    <section className="screen server-setup" aria-labelledby="server-setup-title">
      <header className="screen-header">
        <h1 id="server-setup-title">{t('serverSetup.title', { name: jobName })}</h1>
        <button type="button" className="link" onClick={() => navigate({ name: 'dashboard' })}>
          {t('serverSetup.backToDashboard')}
        </button>
      </header>
      <p className="muted">{t('serverSetup.intro')}</p>

      <form
        className="server-setup-allow"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void load(jobId, 'reuse');
        }}
      >
        <Field
          label={t('serverSetup.allow')}
          value={allow}
          onChange={setAllow}
          placeholder="203.0.113.7"
          help={t('serverSetup.allowHelp')}
          after={
            <button type="submit" className="secondary" disabled={busy}>
              {t('serverSetup.update')}
            </button>
          }
        />
      </form>

      {report.kind === 'loading' || report.kind === 'idle' ? <Loading label={t('serverSetup.loading')} /> : null}
      {report.kind === 'error' ? (
        <>
          <ErrorBox error={report.error} title={t('serverSetup.loadError')} />
          <button type="button" onClick={() => void load(jobId, 'reuse')}>
            {t('common.retry')}
          </button>
        </>
      ) : null}

      {replaced.length > 0 ? (
        <div className="warn-box" role="alert">
          <strong>{t('serverSetup.replacedTitle')}</strong>
          <p>{t('serverSetup.replacedText', { refs: replaced.join(', ') })}</p>
        </div>
      ) : null}

      {report.kind === 'ready' ? (
        <>
          {report.value.snippets.length === 0 ? <p>{t('serverSetup.nothingToDo')}</p> : null}
          {report.value.snippets.map((s) => (
            <SnippetView key={s.id} snippet={s} />
          ))}

          {report.value.passwords.length > 0 ? (
            <section className="server-setup-passwords" aria-labelledby="server-setup-passwords">
              <h2 id="server-setup-passwords">{t('serverSetup.passwordsTitle')}</h2>
              <ul>
                {report.value.passwords.map((p) => (
                  <li key={p.ref}>{t(`serverSetup.passwordChange.${p.change}`, { ref: p.ref })}</li>
                ))}
              </ul>
              {report.value.configChanges.length > 0 ? (
                <>
                  <p>{t('serverSetup.configChanged')}</p>
                  <ul>
                    {report.value.configChanges.map((c, i) => (
                      <li key={i}>{say(c)}</li>
                    ))}
                  </ul>
                </>
              ) : null}

              <h3>{t('serverSetup.newPasswordsTitle')}</h3>
              <p className="muted">{t('serverSetup.newPasswordsText')}</p>
              {confirming ? (
                <div className="warn-box" role="alertdialog" aria-labelledby="server-setup-confirm">
                  <strong id="server-setup-confirm">{t('serverSetup.confirmTitle')}</strong>
                  <p>{t('serverSetup.confirmText', { count: report.value.passwords.length })}</p>
                  <div className="actions">
                    <button
                      type="button"
                      className="danger"
                      disabled={busy}
                      onClick={() => {
                        setConfirming(false);
                        void load(jobId, 'replace');
                      }}
                    >
                      {t('serverSetup.confirmReplace')}
                    </button>
                    <button type="button" onClick={() => setConfirming(false)}>
                      {t('common.cancel')}
                    </button>
                  </div>
                </div>
              ) : (
                <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
                  {t('serverSetup.newPasswords')}
                </button>
              )}
            </section>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function SnippetView({ snippet: s }: { snippet: ServerSnippetDto }) {
  const { t } = useTranslation();
  const titleId = `snippet-${s.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <article className="card snippet" aria-labelledby={titleId}>
      <h2 id={titleId}>{say(s.title)}</h2>
      <dl className="facts">
        <dt>{t('serverSetup.server')}</dt>
        <dd>
          <code>{s.server}</code>
        </dd>
        <dt>{t('serverSetup.where')}</dt>
        <dd>{say(s.where)}</dd>
      </dl>
      <CodeBlock text={s.content} label={say(s.title)} />
      {s.then.length > 0 ? (
        <>
          <h3>{t('serverSetup.then')}</h3>
          <CodeBlock text={s.then.join('\n')} label={t('serverSetup.thenLabel', { title: say(s.title) })} />
        </>
      ) : null}
      {s.notes.length > 0 ? (
        <>
          <h3>{t('serverSetup.notes')}</h3>
          <ul className="notes">
            {s.notes.map((n, i) => (
              <li key={i}>{say(n)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}
