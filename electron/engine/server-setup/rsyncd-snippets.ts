/**
 * rsync daemon configuration for the two kinds of server Kura talks to:
 *   - the web server, where a READ-ONLY module exposes the website folder to the backup;
 *   - the off-site server, where a WRITABLE module receives the snapshots (and is read back from
 *     on restore).
 * Both require a user and password (`auth users` + `secrets file`), should only accept the shop's
 * address (`hosts allow`), and chroot into the module folder. Values are written raw up to the end
 * of line (rsyncd.conf has no quoting), so every value is checked for newlines first.
 */
import { KuraError } from '../errors.js';
import { hasControlChar } from '../util/text.js';
import type { Lang } from '../../shared/messages/define.js';
import { render } from '../../shared/messages/render.js';

export const DEFAULT_SECRETS_FILE = '/etc/rsyncd.secrets';
export const RSYNCD_CONF = '/etc/rsyncd.conf';

export interface RsyncModuleInput {
  module: string;
  path: string;
  user: string;
  secretsFile: string;
  /** Addresses allowed to connect (IP, CIDR or host name); null: not known yet. */
  hostsAllow: string | null;
  /** The server account whose permissions the transfers run with. */
  uid: string;
  gid: string;
  /**
   * What the module is for, in the admin's language: the `#` line above it and its `comment =` value
   * (the modules are not listed to clients, so the value is read only by whoever opens the file).
   */
  heading: string;
}

export function readOnlyModule(m: RsyncModuleInput, lang: Lang = 'en'): string {
  return moduleText(m, [`    # ${render(lang, 'setup-conf-read-only', {}).message}`, '    read only = yes'], lang);
}

export function writableModule(m: RsyncModuleInput, lang: Lang = 'en'): string {
  return moduleText(m, ['    read only = no', `    # ${render(lang, 'setup-conf-symlinks', {}).message}`, '    munge symlinks = no'], lang);
}

function moduleText(m: RsyncModuleInput, specific: string[], lang: Lang): string {
  for (const v of [m.module, m.path, m.user, m.secretsFile, m.hostsAllow ?? '', m.uid, m.gid, m.heading]) checkValue(v);
  if (m.module.includes(']')) throw bad(`"${m.module}"`);
  return [
    `# ${m.heading}`,
    `[${m.module}]`,
    `    path = ${m.path}`,
    `    comment = ${m.heading}`,
    ...specific,
    '    list = no',
    '    use chroot = yes',
    `    uid = ${m.uid}`,
    `    gid = ${m.gid}`,
    `    auth users = ${m.user}`,
    `    secrets file = ${m.secretsFile}`,
    '    strict modes = yes',
    m.hostsAllow === null ? `    # hosts allow = ${render(lang, 'setup-conf-hosts-allow', {}).message}` : `    hosts allow = ${m.hostsAllow}`,
    ...(m.hostsAllow === null ? [] : ['    hosts deny = *']),
    '    max connections = 4',
    '    timeout = 600',
    '',
  ].join('\n');
}

/** The `user:password` line for the secrets file. */
export function secretsLine(user: string, password: string): string {
  checkValue(user);
  checkValue(password);
  if (user.includes(':')) throw bad(`"${user}"`);
  return `${user}:${password}`;
}

/** Commands that create or fix the secrets file: the daemon refuses it unless only root can read it. */
export function secretsFileCommands(secretsFile: string, lang: Lang = 'en'): string[] {
  checkValue(secretsFile);
  return [
    `sudo touch ${secretsFile}`,
    `sudo chown root:root ${secretsFile}`,
    `sudo chmod 600 ${secretsFile}`,
    `sudoedit ${secretsFile}   # ${render(lang, 'setup-cmd-edit-secrets', {}).message}`,
  ];
}

/** How to start the daemon or make it see the new module, with systemd or without. */
export function rsyncdServiceCommands(lang: Lang = 'en'): string[] {
  const say = (code: 'setup-cmd-rsyncd-rereads' | 'setup-cmd-rsyncd-start' | 'setup-cmd-firewall') => render(lang, code, {}).message;
  return [
    `# ${say('setup-cmd-rsyncd-rereads')}`,
    `# ${say('setup-cmd-rsyncd-start')}`,
    `sudo systemctl enable --now rsync    # ${render(lang, 'setup-cmd-or', { command: 'sudo systemctl enable --now rsyncd' }).message}`,
    `# ${render(lang, 'setup-cmd-no-systemd', { command: 'sudo rsync --daemon --config=/etc/rsyncd.conf' }).message}`,
    `# ${say('setup-cmd-firewall')}`,
  ];
}

export function checkValue(v: string): void {
  if (hasControlChar(v)) throw bad(JSON.stringify(v));
}

function bad(value: string): KuraError {
  return new KuraError({ code: 'usage~config-value', params: { value }, category: 'config' });
}
