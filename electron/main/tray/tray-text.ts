/**
 * Shortening text for the tray. Windows keeps at most 127 UTF-16 code units of a tray tooltip
 * (NOTIFYICONDATA's szTip is 128 WCHARs including the terminator) and silently drops the rest, which
 * can cut a sentence mid-word or leave half of a surrogate pair. We cut first, on our terms: at a
 * word boundary when there is one near the end, never inside a surrogate pair, with an ellipsis.
 */

/** Windows' tray tooltip limit, in UTF-16 code units. */
export const WINDOWS_TOOLTIP_MAX = 127;

/** Long menu lines make the tray menu as wide as the screen; status lines are cut here. */
export const MENU_LABEL_MAX = 80;

const ELLIPSIS = '…';

/**
 * `text` unchanged when it fits in `max` UTF-16 code units, else cut with a trailing ellipsis so the
 * result is at most `max` long. Prefers the last space in the final third (English); Japanese has
 * no spaces and is cut between characters.
 */
export function truncateText(text: string, max: number): string {
  if (max < 1) return '';
  if (text.length <= max) return text;
  let cut = max - ELLIPSIS.length;
  // Never split a surrogate pair (emoji or rare kanji in a job name).
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  const space = text.lastIndexOf(' ', cut);
  if (space > 0 && space >= Math.floor(cut * 0.66)) cut = space;
  const head = text.slice(0, cut).replace(/[\s,.:;、。：—–-]+$/u, '');
  return head + ELLIPSIS;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
