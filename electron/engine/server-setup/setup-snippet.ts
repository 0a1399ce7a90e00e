/**
 * One thing to paste on a server, with where it goes and how to make it take effect. The CLI prints
 * these as text (or `--json`), the setup wizard shows them with a copy button each. Title, place and
 * notes are messages said where they are shown; what is pasted (`content`, `then`) was written with
 * its comments in the admin's language.
 */
import type { MessageData } from '../../shared/messages/index.js';

export type SnippetLanguage = 'rsyncd.conf' | 'rsyncd.secrets' | 'sql' | 'redis-acl' | 'shell';

export interface SetupSnippet {
  /** Stable key, e.g. "rsyncd-module:www", "mysql-backup-user:db". */
  id: string;
  title: MessageData;
  /** The source or off-site target this is for (`connection`: the job's SSH server connection). */
  for: { kind: 'source' | 'offsite' | 'connection'; id: string };
  /** The server it goes on ("web.example.jp", "backup.example.jp"). */
  server: string;
  /** Where to put it, in words ("Append to /etc/rsyncd.conf"). */
  where: MessageData;
  language: SnippetLanguage;
  /** The text itself. May hold a freshly generated password: show it, never log it. */
  content: string;
  /** Commands to run afterwards (permissions, start or reload the service), in order. */
  then: string[];
  notes: MessageData[];
}

export interface ServerSetupReport {
  jobId: string;
  snippets: SetupSnippet[];
  /** Keychain entries that now hold the passwords printed in the snippets. */
  passwordsStored: Array<{ ref: string; for: MessageData }>;
  /** Changes made to config.json (a passwordRef added where a source had none). */
  configChanges: MessageData[];
}
