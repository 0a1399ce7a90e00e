/**
 * Redaction for everything that reaches a log, the run history or an error message.
 *
 * Secrets are passed to tools through the environment or 0600 files, never argv, but tools echo
 * things back (connection strings, usernames with passwords in URLs), so every logged line goes
 * through here with the secrets known to the run.
 */
const MASK = '***';

export function redact(text: string, secrets: readonly (string | undefined | null)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length > 0) out = out.split(secret).join(MASK);
  }
  // URL credentials: scheme://user:password@host
  out = out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${MASK}@`);
  // Environment-style assignments of well-known secret variables.
  out = out.replace(/\b(RSYNC_PASSWORD|MYSQL_PWD|REDISCLI_AUTH|PASSWORD)=\S+/g, `$1=${MASK}`);
  return out;
}

/** Quotes one argument for display the way a POSIX shell would need it. Display only: never executed. */
export function quoteArg(arg: string): string {
  if (arg === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function formatCommand(file: string, args: readonly string[], secrets: readonly (string | undefined)[] = []): string {
  return redact([file, ...args].map(quoteArg).join(' '), secrets);
}
