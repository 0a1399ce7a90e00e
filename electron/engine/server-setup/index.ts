/** Server-side setup help: snippets for rsyncd, MySQL/MariaDB and Redis, generated from a job. */
export { serverSetup, buildServerSetup, DEFAULT_WEB_ROOT, DEFAULT_BACKUP_ROOT, type ServerSetupOptions } from './server-setup.js';
export type { ServerSetupReport, SetupSnippet, SnippetLanguage } from './setup-snippet.js';
export { generatePassword } from './generate-password.js';
