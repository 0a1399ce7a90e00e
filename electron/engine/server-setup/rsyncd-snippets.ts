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
  comment: string;
}

export function readOnlyModule(m: RsyncModuleInput): string {
  return moduleText(m, ['    # Kura only reads the website from here.', '    read only = yes']);
}

export function writableModule(m: RsyncModuleInput): string {
  return moduleText(m, [
    '    read only = no',
    '    # Snapshots hold the website\'s symlinks as they are; with chroot they stay unchanged.',
    '    munge symlinks = no',
  ]);
}

function moduleText(m: RsyncModuleInput, specific: string[]): string {
  for (const v of [m.module, m.path, m.user, m.secretsFile, m.hostsAllow ?? '', m.uid, m.gid, m.comment]) checkValue(v);
  if (m.module.includes(']')) throw bad(`the module name "${m.module}"`);
  return [
    `# ${m.comment}`,
    `[${m.module}]`,
    `    path = ${m.path}`,
    `    comment = ${m.comment}`,
    ...specific,
    '    list = no',
    '    use chroot = yes',
    `    uid = ${m.uid}`,
    `    gid = ${m.gid}`,
    `    auth users = ${m.user}`,
    `    secrets file = ${m.secretsFile}`,
    '    strict modes = yes',
    m.hostsAllow === null
      ? '    # hosts allow = <the shop PC\'s public IP address>   (strongly recommended: find it at https://ifconfig.me on that PC)'
      : `    hosts allow = ${m.hostsAllow}`,
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
  if (user.includes(':')) throw bad(`the user name "${user}"`);
  return `${user}:${password}`;
}

/** Commands that create or fix the secrets file: the daemon refuses it unless only root can read it. */
export function secretsFileCommands(secretsFile: string): string[] {
  checkValue(secretsFile);
  return [
    `sudo touch ${secretsFile}`,
    `sudo chown root:root ${secretsFile}`,
    `sudo chmod 600 ${secretsFile}`,
    `sudoedit ${secretsFile}   # add the line above (replace an older line for the same user)`,
  ];
}

/** How to start the daemon or make it see the new module, with systemd or without. */
export function rsyncdServiceCommands(): string[] {
  return [
    '# rsync reads rsyncd.conf again on every connection: a running daemon needs no reload.',
    '# Start it and have it start at boot (the unit is "rsync" on Debian/Ubuntu, "rsyncd" on RHEL/Alma/Rocky):',
    'sudo systemctl enable --now rsync    # or: sudo systemctl enable --now rsyncd',
    '# Without systemd: sudo rsync --daemon --config=/etc/rsyncd.conf',
    '# Firewall: allow TCP port 873 from the shop\'s address only.',
  ];
}

export function checkValue(v: string): void {
  if (hasControlChar(v)) throw bad(JSON.stringify(v));
}

function bad(what: string): KuraError {
  return new KuraError({
    code: 'usage',
    category: 'config',
    message: `Kura will not write ${what} into a server configuration: it holds a newline or another control character.`,
    hint: 'Remove it and try again.',
  });
}
