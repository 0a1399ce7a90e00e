/**
 * The tray's lines for standbys that are not in sync, in the tray's language, from the catalogue
 * (shared/messages/catalogue/alerts-ui.ts and standby.ts): "⚠ Standby 10.0.0.6:3306: broken since …".
 */
import { render } from '../../shared/messages/render.js';
import type { Language, StandbyDto } from '../../shared/ipc-contract.js';

export function trayStandbys(list: readonly StandbyDto[], lang: Language): Array<{ id: string; label: string; state: 'lagging' | 'broken' | 'unreachable' }> {
  const out: Array<{ id: string; label: string; state: 'lagging' | 'broken' | 'unreachable' }> = [];
  for (const s of list) {
    if (s.state !== 'lagging' && s.state !== 'broken' && s.state !== 'unreachable') continue;
    const state =
      s.state === 'lagging'
        ? render(lang, 'standby-state-lagging', { seconds: s.secondsBehind ?? 0 }).message
        : render(lang, s.state === 'broken' ? 'standby-state-broken' : 'standby-state-unreachable', { since: s.since ?? '' }).message;
    out.push({ id: s.key, label: render(lang, 'ui-standby-tray-line', { standby: s.standby, state }).message, state: s.state });
  }
  return out;
}
