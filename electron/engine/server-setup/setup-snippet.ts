/**
 * One thing to paste on a server, with where it goes and how to make it take effect. The CLI prints
 * these as text (or `--json`), the setup wizard shows them with a copy button each.
 */
export type SnippetLanguage = 'rsyncd.conf' | 'rsyncd.secrets' | 'sql' | 'redis-acl' | 'shell';

export interface SetupSnippet {
  /** Stable key, e.g. "rsyncd-module:www", "mysql-backup-user:db". */
  id: string;
  title: string;
  /** The source or off-site target this is for (`connection`: the job's SSH server connection). */
  for: { kind: 'source' | 'offsite' | 'connection'; id: string };
  /** The server it goes on ("web.example.jp", "backup.example.jp"). */
  server: string;
  /** Where to put it, in words ("Append to /etc/rsyncd.conf"). */
  where: string;
  language: SnippetLanguage;
  /** The text itself. May hold a freshly generated password: show it, never log it. */
  content: string;
  /** Commands to run afterwards (permissions, start or reload the service), in order. */
  then: string[];
  notes: string[];
}

export interface ServerSetupReport {
  jobId: string;
  snippets: SetupSnippet[];
  /** Keychain entries that now hold the passwords printed in the snippets. */
  passwordsStored: Array<{ ref: string; for: string }>;
  /** Changes made to config.json (a passwordRef added where a source had none). */
  configChanges: string[];
}
