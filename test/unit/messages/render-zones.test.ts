/**
 * The catalogue says a message's times in the zone the caller renders for (the UI: a job's) and labels
 * them when the reader's zone differs; without zones (the CLI, the tray) it renders as before.
 */
import { describe, expect, it } from 'vitest';
import { msg, nestedMessage, whenParam } from '../../../electron/shared/messages/index.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';
import { labelZone } from '../../../electron/shared/messages/format.js';

const AT = '2025-03-04T02:05:00.000Z';
const NOW = '2025-03-04T03:00:00.000Z';

describe('rendering in a zone', () => {
  it('labels only when the reader is elsewhere', () => {
    expect(labelZone('11:05', 'Asia/Tokyo', 'UTC')).toBe('11:05 (Asia/Tokyo)');
    expect(labelZone('11:05', 'Asia/Tokyo', 'Asia/Tokyo')).toBe('11:05');
    expect(labelZone('11:05', 'Asia/Tokyo', undefined)).toBe('11:05');
  });

  it('says `when` and `datetime` in the zone given, over the one the message names, nested messages too', () => {
    const ok = msg('health-ok', { at: whenParam(AT, NOW, 'UTC') });
    const zones = { timeZone: 'Asia/Tokyo', viewerTimeZone: 'UTC' };
    expect(renderLoose('en', ok.code, ok.params).message).toBe('Last backup today 02:05 — OK');
    expect(renderLoose('en', ok.code, ok.params, zones).message).toBe('Last backup today 11:05 (Asia/Tokyo) — OK');
    expect(renderLoose('ja', ok.code, ok.params, zones).message).toBe('前回のバックアップ: 今日 11:05 (Asia/Tokyo) — 正常');
    const paused = msg('health-paused', { sentence: nestedMessage(ok) });
    expect(renderLoose('en', paused.code, paused.params, zones).message).toBe('Paused — Last backup today 11:05 (Asia/Tokyo) — OK');
    const pushed = msg('offsite-ui-dash-pushed', { at: AT });
    expect(renderLoose('en', pushed.code, pushed.params, zones).message).toBe('copied Mar 4, 2025, 11:05 AM (Asia/Tokyo)');
    expect(renderLoose('en', pushed.code, pushed.params, { timeZone: 'Asia/Tokyo', viewerTimeZone: 'Asia/Tokyo' }).message).toBe('copied Mar 4, 2025, 11:05 AM');
  });
});
