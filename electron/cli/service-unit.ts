/**
 * `kura daemon --print-unit`: what registers `kura daemon` to start at boot, for this machine and this
 * way of running Kura — a systemd unit on Linux, a Task Scheduler command on Windows.
 *
 * Passwords on a server without a desktop (no unlocked Secret Service) come from systemd
 * credentials: one root-only 0600 file per password ref under /etc/kura/credentials, named in the
 * unit with LoadCredential=. systemd reads each file as root and hands a copy to Kura in a private
 * folder ($CREDENTIALS_DIRECTORY) that only this service can read; Kura never writes there and
 * config.json never holds a password (credentials-secret-store.ts).
 */
export interface UnitInput {
  /** The program that runs the CLI: node, or the app's own executable (with ELECTRON_RUN_AS_NODE). */
  execPath: string;
  /** The CLI's entry file (bin/kura.js, out/cli/kura.js…). */
  script: string;
  /** True when execPath is the Electron app's executable. */
  electron: boolean;
  kuraHome: string;
  user: string;
  refs: readonly string[];
  version: string;
}

export const CREDENTIALS_FOLDER = '/etc/kura/credentials';

/** systemd's quoting for one ExecStart= word: double quotes, with \ and " escaped. */
function systemdWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function systemdUnit(u: UnitInput): string {
  const lines = [
    `# Kura ${u.version}: the scheduler without a desktop. Written by \`kura daemon --print-unit\`.`,
    '#   kura daemon --print-unit | sudo tee /etc/systemd/system/kura.service',
    '#   sudo systemctl daemon-reload && sudo systemctl enable --now kura',
    '#   journalctl -u kura -f        (what it does)',
    '#',
    `# Passwords: one file per password ref, readable by root only, under ${CREDENTIALS_FOLDER}:`,
    `#   sudo install -d -m 700 -o root -g root ${CREDENTIALS_FOLDER}`,
    ...u.refs.map((r) => `#   sudo sh -c 'umask 077; cat > ${CREDENTIALS_FOLDER}/${r}'     (type the password, then Ctrl+D)`),
    '# systemd passes them to Kura in $CREDENTIALS_DIRECTORY; `kura doctor` under the same environment',
    '# says which password comes from where. Nothing is written into config.json.',
    '',
    '[Unit]',
    'Description=Kura backups (scheduled runs)',
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `User=${u.user}`,
    `Environment=${systemdWord(`KURA_HOME=${u.kuraHome}`)}`,
    ...(u.electron ? ['Environment=ELECTRON_RUN_AS_NODE=1'] : []),
    `ExecStart=${[u.execPath, u.script, 'daemon'].map(systemdWord).join(' ')}`,
    ...u.refs.map((r) => `LoadCredential=${r}:${CREDENTIALS_FOLDER}/${r}`),
    // SIGTERM cancels a running backup cleanly (kura daemon): give it time before SIGKILL.
    'KillSignal=SIGTERM',
    'TimeoutStopSec=120',
    'Restart=on-failure',
    'RestartSec=30',
    'NoNewPrivileges=yes',
    'PrivateTmp=yes',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ];
  return lines.join('\n');
}

/** Windows: a Task Scheduler task that starts `kura daemon` at boot as this user (passwords stay in their Credential Manager). */
export function windowsTask(u: Omit<UnitInput, 'refs'> & { launcher: string | null }): string {
  const command = u.launcher ? `"${u.launcher}" daemon` : `"${u.execPath}" "${u.script}" daemon`;
  return [
    `rem Kura ${u.version}: start \`kura daemon\` at boot with Task Scheduler. In a Command Prompt:`,
    'rem (/RP * asks for your Windows password: the task runs as you when nobody is signed in, so it',
    'rem reads the passwords you saved in Credential Manager.)',
    `schtasks /Create /TN "Kura daemon" /SC ONSTART /RU "${u.user}" /RP * /RL LIMITED /F /TR "${command.replace(/"/g, '\\"')}"`,
    'rem To remove it: schtasks /Delete /TN "Kura daemon" /F',
    '',
  ].join('\r\n');
}
