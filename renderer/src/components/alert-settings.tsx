/**
 * Settings → Alerts: mail (SMTP), chat webhooks, the heartbeat and the weekly report, each channel
 * with "Send a test" and the server's own refusal when it fails. Secrets are typed here and go
 * straight to the keychain; what is stored is never shown back.
 */
import { useEffect, useId, type ReactNode } from 'react';
import { ErrorBox } from './error-box.js';
import { Loading } from './loading.js';
import { useWords, type Words } from '../lib/words.js';
import { useAlertsStore, type ChannelKey, type TestState } from '../stores/alerts-store.js';
import type { MessageCode } from '../../../electron/shared/messages/index.js';
import type { WebhookAlertDto } from '../lib/contract.js';
import { useTranslation } from 'react-i18next';
import { uiLanguage } from '../lib/ui-language.js';
import { zoneLabelled } from '../lib/format.js';
import { useMachineTimeZone } from '../lib/job-time.js';

const FORMATS: WebhookAlertDto['format'][] = ['slack', 'discord', 'teams', 'json'];
const HC = 'https://healthchecks.io/';
const KUMA = 'https://uptime.kuma.pet/';

function Input(props: { label: string; value: string; onChange(v: string): void; error?: MessageCode | undefined; type?: string; help?: ReactNode; multiline?: boolean; placeholder?: string; autoComplete?: string }) {
  const w = useWords();
  const id = useId();
  const errId = `${id}-err`;
  const helpId = `${id}-help`;
  const describedBy = [props.error ? errId : null, props.help ? helpId : null].filter(Boolean).join(' ') || undefined;
  const common = { id, value: props.value, 'aria-invalid': props.error ? true : undefined, 'aria-describedby': describedBy, placeholder: props.placeholder };
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <div className="field-row">
        {props.multiline ? (
          <textarea {...common} rows={3} onChange={(e) => props.onChange(e.target.value)} />
        ) : (
          <input {...common} type={props.type ?? 'text'} autoComplete={props.autoComplete ?? 'off'} onChange={(e) => props.onChange(e.target.value)} />
        )}
      </div>
      {props.help ? (
        <p id={helpId} className="help">
          {props.help}
        </p>
      ) : null}
      {props.error ? (
        <p id={errId} className="field-error">
          {w(props.error as never)}
        </p>
      ) : null}
    </div>
  );
}

function TestButton({ channel, w }: { channel: ChannelKey; w: Words }) {
  const state: TestState = useAlertsStore((s) => s.tests[channel]) ?? { kind: 'idle' };
  const test = useAlertsStore((s) => s.test);
  return (
    <>
      <div className="actions">
        <button type="button" onClick={() => void test(channel)} disabled={state.kind === 'sending'}>
          {state.kind === 'sending' ? w('ui-alerts-sending') : w('ui-alerts-send-test')}
        </button>
      </div>
      {state.kind === 'sent' ? (
        <p className="ok-box" role="status">
          {w('ui-alerts-test-sent')}
        </p>
      ) : null}
      {state.kind === 'error' ? <ErrorBox error={state.error} title={w('ui-alerts-test-failed')} /> : null}
    </>
  );
}

/** The heartbeat sentence with its two links (shared with the wizard's heartbeat box). */
export function HeartbeatExplanation() {
  const w = useWords();
  const [before, middle, after] = w('ui-alerts-heartbeat-explain', { hc: '\u0000', kuma: '\u0000' }).split('\u0000');
  return (
    <p className="muted">
      {before}
      <a href={HC} target="_blank" rel="noreferrer">
        healthchecks.io
      </a>
      {middle}
      <a href={KUMA} target="_blank" rel="noreferrer">
        Uptime Kuma
      </a>
      {after}
    </p>
  );
}

export function AlertSettings() {
  const w = useWords();
  const { i18n } = useTranslation();
  const lang = uiLanguage(i18n.language);
  const s = useAlertsStore();
  const load = useAlertsStore((st) => st.load);
  useEffect(() => {
    void load();
  }, [load]);
  // The summary goes out by the machine's clock: its hour is labelled with that zone when the viewer's differs.
  const machineZone = useMachineTimeZone();
  const weekday = (d: number) => new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 7 + d)));
  const m = s.email;

  return (
    <section className="alert-settings" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{w('ui-alerts-title')}</h2>
      <p className="muted">{w('ui-alerts-intro')}</p>
      {s.loaded.kind === 'loading' ? <Loading /> : null}
      {s.loaded.kind === 'error' ? <ErrorBox error={s.loaded.error} /> : null}
      {s.loaded.kind === 'ready' ? (
        <>
          <h3>{w('ui-alerts-email-title')}</h3>
          <label className="check">
            <input type="checkbox" checked={m.enabled} onChange={(e) => s.editEmail({ enabled: e.target.checked })} />
            {w('ui-alerts-email-enable')}
          </label>
          {m.enabled ? (
            <div className="alert-channel">
              <div className="grid2">
                <Input label={w('ui-alerts-smtp-host')} value={m.host} onChange={(host) => s.editEmail({ host })} error={s.errors['email.host']} placeholder="smtp.example.jp" />
                <Input label={w('ui-alerts-smtp-port')} value={m.port} onChange={(port) => s.editEmail({ port })} error={s.errors['email.port']} />
              </div>
              <fieldset className="choices" aria-describedby={s.errors['email.security'] ? 'alerts-security-err' : undefined}>
                <legend>{w('ui-alerts-smtp-security')}</legend>
                {(['starttls', 'tls', 'none'] as const).map((sec) => (
                  <label key={sec} className="radio">
                    <input
                      type="radio"
                      name="smtp-security"
                      checked={m.security === sec}
                      onChange={() => s.editEmail({ security: sec, ...(m.port === '587' || m.port === '465' || m.port === '25' ? { port: sec === 'tls' ? '465' : sec === 'starttls' ? '587' : '25' } : {}) })}
                    />
                    <span>{w(`ui-alerts-security-${sec}`)}</span>
                  </label>
                ))}
              </fieldset>
              {s.errors['email.security'] ? (
                <p id="alerts-security-err" className="field-error">
                  {w(s.errors['email.security'] as never)}
                </p>
              ) : null}
              <div className="grid2">
                <Input label={w('ui-alerts-smtp-user')} value={m.user} onChange={(user) => s.editEmail({ user })} />
                <Input
                  label={w('ui-alerts-smtp-password')}
                  type="password"
                  autoComplete="new-password"
                  value={m.password}
                  onChange={(password) => s.editEmail({ password })}
                  help={m.passwordStored ? <span className="stored">✓ {w('ui-alerts-password-stored')}</span> : w('ui-alerts-save-first')}
                />
                <Input label={w('ui-alerts-from')} value={m.from} onChange={(from) => s.editEmail({ from })} error={s.errors['email.from']} placeholder="kura@example.jp" />
                <Input label={w('ui-alerts-to')} value={m.to} onChange={(to) => s.editEmail({ to })} error={s.errors['email.to']} multiline />
              </div>
              <Input label={w('ui-alerts-ca-file')} value={m.caFile} onChange={(caFile) => s.editEmail({ caFile })} />
              <TestButton channel="email" w={w} />
              <h3>{w('ui-alerts-summary-title')}</h3>
              <label className="check">
                <input type="checkbox" checked={s.summary.enabled} onChange={(e) => s.editSummary({ enabled: e.target.checked })} />
                {w('ui-alerts-summary-enable')}
              </label>
              {s.summary.enabled ? (
                <div className="grid2">
                  <div className="field">
                    <label htmlFor="summary-day">{w('ui-alerts-summary-day')}</label>
                    <select id="summary-day" value={s.summary.weekday} onChange={(e) => s.editSummary({ weekday: Number(e.target.value) })}>
                      {[1, 2, 3, 4, 5, 6, 0].map((d) => (
                        <option key={d} value={d}>
                          {weekday(d)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="summary-hour">{zoneLabelled(w('ui-alerts-summary-hour'), machineZone)}</label>
                    <select id="summary-hour" value={s.summary.hour} onChange={(e) => s.editSummary({ hour: Number(e.target.value) })}>
                      {Array.from({ length: 24 }, (_, h) => (
                        <option key={h} value={h}>
                          {`${String(h).padStart(2, '0')}:00`}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
              ) : null}
            </div>
          ) : null}

          <h3>{w('ui-alerts-webhooks-title')}</h3>
          <p className="muted">{w('ui-alerts-webhooks-intro')}</p>
          {s.webhooks.map((hook, i) => (
            <div key={hook.urlRef} className="alert-channel">
              <div className="grid2">
                <div className="field">
                  <label htmlFor={`hook-format-${i}`}>{w('ui-alerts-webhook-format')}</label>
                  <select id={`hook-format-${i}`} value={hook.format} onChange={(e) => s.editWebhook(i, { format: e.target.value as WebhookAlertDto['format'] })}>
                    {FORMATS.map((f) => (
                      <option key={f} value={f}>
                        {w(`ui-alerts-format-${f}`)}
                      </option>
                    ))}
                  </select>
                </div>
                <Input label={w('ui-alerts-webhook-name')} value={hook.name} onChange={(name) => s.editWebhook(i, { name })} />
              </div>
              <Input
                label={w('ui-alerts-webhook-url')}
                type="password"
                value={hook.url}
                onChange={(url) => s.editWebhook(i, { url })}
                error={s.errors[`webhook.${i}.url`]}
                placeholder="https://hooks.slack.com/services/…"
                help={hook.stored ? <span className="stored">✓ {w('ui-alerts-url-stored')}</span> : undefined}
              />
              <TestButton channel={`webhook-${i}`} w={w} />
              <button type="button" className="link" onClick={() => s.removeWebhook(i)}>
                {w('ui-alerts-webhook-remove')}
              </button>
            </div>
          ))}
          <div className="actions">
            <button type="button" className="secondary" onClick={s.addWebhook}>
              {w('ui-alerts-webhook-add')}
            </button>
          </div>

          <h3>{w('ui-alerts-heartbeat-title')}</h3>
          <HeartbeatExplanation />
          <Input
            label={w('ui-alerts-heartbeat-url')}
            type="password"
            value={s.heartbeat.url}
            onChange={s.editHeartbeat}
            error={s.errors['heartbeat.url']}
            placeholder="https://hc-ping.com/…"
            help={s.heartbeat.stored ? <span className="stored">✓ {w('ui-alerts-url-stored')}</span> : undefined}
          />
          {s.heartbeat.stored || s.heartbeat.url ? <TestButton channel="heartbeat" w={w} /> : null}

          {s.save.kind === 'error' ? <ErrorBox error={s.save.error} title={w('ui-alerts-save-failed')} /> : null}
          {s.save.kind === 'saved' ? (
            <p className="ok-box" role="status">
              {w('ui-alerts-saved')}
            </p>
          ) : null}
          <div className="actions">
            <button type="button" className="primary" onClick={() => void s.saveAll()} disabled={s.save.kind === 'saving'}>
              {w('ui-alerts-save')}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
