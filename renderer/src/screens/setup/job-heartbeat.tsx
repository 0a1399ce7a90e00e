/**
 * The wizard's heartbeat box (on the schedule step, since the outside service expects a ping at
 * every scheduled run): one sentence with links to healthchecks.io and Uptime Kuma, the job's own
 * ping address (kept in the keychain), and where the mail and chat alerts are set.
 */
import { useId } from 'react';
import { HeartbeatExplanation } from '../../components/alert-settings.js';
import { useWords } from '../../lib/words.js';
import { useAppStore } from '../../stores/app-store.js';
import { useWizardStore } from '../../stores/wizard-store.js';

export function JobHeartbeat() {
  const w = useWords();
  const id = useId();
  const hb = useWizardStore((s) => s.heartbeat);
  const setHeartbeat = useWizardStore((s) => s.setHeartbeat);
  const navigate = useAppStore((s) => s.navigate);
  const bad = hb.url.trim() !== '' && !/^https?:\/\/\S+$/.test(hb.url.trim());
  return (
    <fieldset className="job-heartbeat">
      <legend>{w('ui-alerts-job-heartbeat-title')}</legend>
      <HeartbeatExplanation />
      <div className={`field${bad ? ' has-error' : ''}`}>
        <label htmlFor={id}>{w('ui-alerts-heartbeat-url')}</label>
        <div className="field-row">
          <input id={id} type="password" autoComplete="off" value={hb.url} placeholder="https://hc-ping.com/…" onChange={(e) => setHeartbeat(e.target.value)} aria-invalid={bad ? true : undefined} />
        </div>
        {hb.stored ? <p className="help stored">✓ {w('ui-alerts-url-stored')}</p> : null}
        {bad ? <p className="field-error">{w('ui-alerts-err-url')}</p> : null}
      </div>
      <p className="muted">
        {w('ui-alerts-job-note')}{' '}
        <button type="button" className="link" onClick={() => navigate({ name: 'settings' })}>
          {w('ui-alerts-title')}
        </button>
      </p>
    </fieldset>
  );
}
