/**
 * The wizard's standbys (replicas) of the MySQL or Redis source: host, port, monitoring account,
 * how far behind is too far, "Check the standby" (the replica's own state, read now), the one right
 * the monitoring account needs, the dump-from-standby switch (MySQL), and what Kura does not do
 * (switch servers) in plain words.
 */
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { Loading } from '../../components/loading.js';
import { PasswordField } from '../../components/password-field.js';
import { StandbyBadge, StandbyDetail } from '../../components/standby-list.js';
import { useWords } from '../../lib/words.js';
import { useWizardStore } from '../../stores/wizard-store.js';
import { useTranslation } from 'react-i18next';

export function StandbysEditor({ section }: { section: 'mysql' | 'redis' }) {
  const w = useWords();
  const { t } = useTranslation();
  const sec = useWizardStore((s) => s[section]);
  const errors = useWizardStore((s) => s.errors);
  const add = useWizardStore((s) => s.addStandby);
  const edit = useWizardStore((s) => s.setStandby);
  const remove = useWizardStore((s) => s.removeStandby);
  const check = useWizardStore((s) => s.checkStandby);
  const setSection = useWizardStore((s) => s.setSection);
  const dumpFromStandby = useWizardStore((s) => s.mysql.dumpFromStandby);
  const viaSsh = useWizardStore((s) => s.server.reach === 'ssh');
  const grant = section === 'mysql' ? `GRANT SLAVE MONITOR ON *.* TO 'kura_monitor'@'%';  (MySQL: GRANT REPLICATION CLIENT …)` : 'user kura-monitor on >… -@all +ping +info';

  return (
    <fieldset className="standbys-editor">
      <legend>{w('ui-standby-title')}</legend>
      <p className="muted">{w('ui-standby-intro')}</p>
      {sec.standbys.map((sb, i) => {
        const key = (f: string) => errors[`${section}.standby.${i}.${f}`];
        return (
          <div key={i} className="standby-fields">
            <div className="grid2">
              <Field
                label={w('ui-standby-host')}
                value={sb.host}
                onChange={(host) => edit(section, i, { host })}
                error={key('host')}
                {...(viaSsh ? { help: t('wizard.common.hostFromServerHelp') } : {})}
              />
              <Field label={t('wizard.common.port')} value={sb.port} onChange={(port) => edit(section, i, { port })} error={key('port')} inputMode="numeric" />
              <Field label={w('ui-standby-user')} value={sb.user} onChange={(user) => edit(section, i, { user })} error={key('user')} autoComplete="off" />
              <PasswordField label={t('wizard.common.password')} value={sb.password} stored={sb.passwordStored} error={null} onChange={(password) => edit(section, i, { password })} />
              <Field label={w('ui-standby-max-lag')} value={sb.maxLag} onChange={(maxLag) => edit(section, i, { maxLag })} error={key('maxLag')} inputMode="numeric" />
            </div>
            <div className="actions">
              <button type="button" onClick={() => void check(section, i)} disabled={sb.check.kind === 'loading'}>
                {w('ui-standby-check')}
              </button>
              <button type="button" className="link" onClick={() => remove(section, i)}>
                {w('ui-standby-remove')}
              </button>
            </div>
            {sb.check.kind === 'loading' ? <Loading label={w('ui-standby-checking')} /> : null}
            {sb.check.kind === 'error' ? <ErrorBox error={sb.check.error} title={w('ui-standby-check-failed')} /> : null}
            {sb.check.kind === 'ready' ? (
              <div className={sb.check.value.state === 'in-sync' ? 'ok-box' : 'warn-box'} role="status">
                <StandbyBadge standby={sb.check.value} />
                <StandbyDetail standby={sb.check.value} />
              </div>
            ) : null}
          </div>
        );
      })}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => add(section)}>
          {w('ui-standby-add')}
        </button>
      </div>
      {sec.standbys.length > 0 ? (
        <>
          <p className="muted">{w('ui-standby-grant', { grant })}</p>
          {section === 'mysql' ? (
            <label className="check">
              <input type="checkbox" checked={dumpFromStandby} onChange={(e) => setSection('mysql', { dumpFromStandby: e.target.checked })} />
              <span>
                {w('ui-standby-dump')}
                <span className="muted block">{w('ui-standby-dump-help', { seconds: Number(sec.standbys[0]?.maxLag) || 300 })}</span>
              </span>
            </label>
          ) : null}
          <p className="notice">{w('ui-standby-failover')}</p>
        </>
      ) : null}
    </fieldset>
  );
}
