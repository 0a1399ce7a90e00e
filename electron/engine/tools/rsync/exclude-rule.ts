/**
 * Which exclude patterns rsync may be given. Checked twice on purpose: by the config schema, so a bad
 * pattern is refused where it is typed (and nothing runs), and again where the argv is built, so no
 * other path into the argv builder can pass one.
 *
 * Refused: empty or blank patterns (rsync would exclude nothing, or everything named " "), control
 * characters (a newline would start a second rule in a filter file), and a lone "!", which rsync
 * reads as "forget every exclude so far" — the admin's other excludes would silently stop working.
 * (The config schema also refuses a leading "-", like every text field there.)
 */
import { hasControlChar } from '../../util/text.js';
import { msg, type MessageData } from '../../../shared/messages/index.js';

/** Null when the pattern is usable, else why not (a field problem for the config error). */
export function excludeProblem(pattern: string): MessageData | null {
  if (pattern.trim() === '') return msg('exclude-empty', {});
  if (hasControlChar(pattern)) return msg('exclude-control', {});
  if (pattern.trim() === '!') return msg('exclude-bang', {});
  return null;
}
