/** Language, start at login, notifications, catch-up delay, and the tools Kura found (with overrides). */
import { say, sayError } from '../lib/say.js';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { TOOL_NAMES, type SettingsDto } from '../lib/contract.js';
import { ErrorBox } from '../components/error-box.js';
import { uiLanguage } from '../lib/ui-language.js';
import { Field } from '../components/field.js';
import { Loading } from '../components/loading.js';
import { useSettingsStore } from '../stores/settings-store.js';
import { AlertSettings } from '../components/alert-settings.js';


const notificationChoices: SettingsDto['notifications'][] = ['all', 'failures', 'off'];

export function Settings() {
  const { t, i18n } = useTranslation();
  const settings = useSettingsStore((s) => s.settings);
  const draft = useSettingsStore((s) => s.draft);
  const save = useSettingsStore((s) => s.save);
  const doctor = useSettingsStore((s) => s.doctor);
  const load = useSettingsStore((s) => s.load);
  const edit = useSettingsStore((s) => s.edit);
  const setToolPath = useSettingsStore((s) => s.setToolPath);
  const saveDraft = useSettingsStore((s) => s.saveDraft);
  const runDoctor = useSettingsStore((s) => s.runDoctor);
  // A tool path refused on Save is said at that tool's box (the service names the tool).
  const refusedTool = save.kind === 'error' && /^tool-path-/.test(save.error.code) ? String(save.error.params?.['tool'] ?? '') : null;
  const refused = save.kind === 'error' && refusedTool ? sayError(save.error, uiLanguage(i18n.language)) : null;

  useEffect(() => {
    void load();
    void runDoctor();
  }, [load, runDoctor]);

  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </header>
      {settings.kind === 'loading' || settings.kind === 'idle' ? <Loading /> : null}
      {settings.kind === 'error' ? (
        <>
          <ErrorBox error={settings.error} title={t('settings.loadError')} />
          <button type="button" onClick={() => void load()}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
      {settings.kind === 'ready' && draft ? (
        <form
          className="settings"
          onSubmit={(e) => {
            e.preventDefault();
            void saveDraft();
          }}
        >
          <div className="field">
            <label htmlFor="set-language">{t('settings.language')}</label>
            <select id="set-language" value={draft.language} onChange={(e) => edit({ language: e.target.value as SettingsDto['language'] })}>
              <option value="auto">{t('settings.languageAuto')}</option>
              <option value="en">English</option>
              <option value="ja">日本語</option>
            </select>
          </div>
          <label className="check">
            <input type="checkbox" checked={draft.startAtLogin} onChange={(e) => edit({ startAtLogin: e.target.checked })} />
            {t('settings.startAtLogin')}
          </label>
          <fieldset className="choices">
            <legend>{t('settings.notifications')}</legend>
            {notificationChoices.map((n) => (
              <label key={n} className="radio">
                <input type="radio" name="notifications" value={n} checked={draft.notifications === n} onChange={() => edit({ notifications: n })} />
                <span>{t(`settings.notify.${n}`)}</span>
              </label>
            ))}
          </fieldset>
          <Field
            label={t('settings.catchUp')}
            type="number"
            min={0}
            max={1440}
            value={String(Math.round(draft.catchUpDelaySeconds / 60))}
            onChange={(v) => edit({ catchUpDelaySeconds: Math.max(0, Math.min(1440, Math.round(Number(v) || 0))) * 60 })}
            help={t('settings.catchUpHelp')}
          />

          <h2>{t('settings.toolsTitle')}</h2>
          <p className="muted">{t('settings.toolsText')}</p>
          {doctor.kind === 'loading' ? <Loading label={t('settings.checking')} /> : null}
          {doctor.kind === 'error' ? <ErrorBox error={doctor.error} title={t('settings.doctorError')} /> : null}
          {doctor.kind === 'ready' ? (
            <div className="table-wrap">
              <table className="tools">
                <caption className="sr-only">{t('settings.toolsTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('settings.col.tool')}</th>
                    <th scope="col">{t('settings.col.status')}</th>
                    <th scope="col">{t('settings.col.found')}</th>
                  </tr>
                </thead>
                <tbody>
                  {doctor.value.checks.map((c) => (
                    <tr key={c.name}>
                      <th scope="row">{c.name}</th>
                      <td>
                        <span className={`badge badge-${c.ok ? 'ok' : 'failed'} small`}>{c.ok ? t('settings.ok') : t('settings.problem')}</span>
                        <span className="muted block">{say(c.detail)}</span>
                      </td>
                      <td className="path-cell">
                        {c.path ?? '—'}
                        {c.version ? <span className="muted block">{c.version}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <h3>{t('settings.toolPathsTitle')}</h3>
          <p className="muted">{t('settings.toolPathsText')}</p>
          {/* One box per program the resolver looks up, keyed by that name (electron/shared/tool-names.ts). */}
          <div className="tool-paths">
            {TOOL_NAMES.map((tool) => (
              <label key={tool} className={refusedTool === tool ? 'has-error' : undefined}>
                <span>{t('settings.overrideLabel', { tool })}</span>
                <input
                  value={draft.toolPaths[tool] ?? ''}
                  placeholder={t('settings.overridePlaceholder')}
                  onChange={(e) => setToolPath(tool, e.target.value)}
                  aria-invalid={refusedTool === tool ? true : undefined}
                  aria-describedby={refusedTool === tool ? `tool-error-${tool}` : undefined}
                />
                {refusedTool === tool && refused ? (
                  <span id={`tool-error-${tool}`} className="field-error" role="alert">
                    {refused.message} {refused.hint ?? ''}
                  </span>
                ) : null}
              </label>
            ))}
          </div>
          <div className="actions">
            <button type="button" onClick={() => void runDoctor()} disabled={doctor.kind === 'loading'}>
              {t('settings.recheck')}
            </button>
          </div>
          {save.kind === 'error' && !refused ? <ErrorBox error={save.error} title={t('settings.saveError')} /> : null}
          {save.kind === 'saved' ? (
            <p className="ok-box" role="status">
              {t('settings.saved')}
            </p>
          ) : null}
          <div className="wizard-nav">
            <span />
            <button type="submit" className="primary" disabled={save.kind === 'saving'}>
              {t('settings.save')}
            </button>
          </div>
        </form>
      ) : null}
      {settings.kind === 'ready' ? <AlertSettings /> : null}
    </section>
  );
}
