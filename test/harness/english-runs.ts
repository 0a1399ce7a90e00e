/**
 * Finds English left in Japanese output: runs of three or more English words, once the verbatim
 * facts (paths, addresses, ids, commands the admin types, server replies) are taken out. The same
 * rule the catalogue test applies to each Japanese sentence, applied to what a surface shows (a CLI
 * run, a page of the UI), so a sentence that bypasses the catalogue is caught where it appears.
 */

/** Facts that are never translated, whatever the language: URLs, paths, e-mail-like and host:port words. */
const VERBATIM: readonly RegExp[] = [
  /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, // rsync://…, https://…, s3://…
  /(?:^|\s|[（「(])(?:[A-Za-z]:)?[\\/][^\s）」)、。]*/g, // /tmp/…, C:\…
  /\b[\w.-]+@[\w.-]+(?::\S*)?/g, // user@host, user@host:/path
  /\b\d{4}-\d{2}-\d{2}T[\w:.-]+/g, // snapshot and run ids
];

/**
 * The English runs in `text`, after removing the verbatim facts and the given words (job ids,
 * source names, program names the page shows as they are).
 */
export function englishRuns(text: string, verbatim: readonly string[] = []): string[] {
  let rest = text;
  for (const v of [...verbatim].sort((a, b) => b.length - a.length)) rest = rest.split(v).join(' ');
  for (const re of VERBATIM) rest = rest.replace(re, ' ');
  return [...rest.matchAll(/[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’-]*){2,}/g)].map((m) => m[0]);
}
