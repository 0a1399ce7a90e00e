import { english } from '../../../../electron/shared/messages/render.js';
import { describe, expect, it } from 'vitest';
import type { FilesLocation } from '../../../../electron/engine/config/files-location.js';
import { parseFilesLocation } from '../../../../electron/engine/config/files-location.js';
import { buildListArgs, buildPullArgs, buildPushArgs } from '../../../../electron/engine/tools/rsync/rsync-args.js';
import { daemonSpellingOf, locationOperand } from '../../../../electron/engine/tools/rsync/rsync-address.js';
import { buildSshCommand, quoteRshArg } from '../../../../electron/engine/tools/rsync/ssh-command.js';

const posix = { flavour: 'rsync', supports: { infoProgress2: true } } as const;
const cw = { flavour: 'cwrsync', supports: { infoProgress2: true } } as const;
const old = { flavour: 'rsync', supports: { infoProgress2: false } } as const;

function loc(from: string): FilesLocation {
  const r = parseFilesLocation(from);
  if (!r.ok) throw new Error(english(r.problem));
  return r.location;
}

/** The operands: everything after "--". */
const operands = (args: string[]) => args.slice(args.indexOf('--') + 1);

describe('buildPullArgs', () => {
  it('daemon URL on POSIX: -a, -s, stats, progress2, timeouts, link-dest, excludes, then -- source dest', () => {
    const args = buildPullArgs({
      client: posix,
      location: loc('rsync://web@203.0.113.5:8873/www/uploads'),
      destDir: '/srv/kura/2024-05-01/files/www',
      linkDestDir: '/srv/kura/2024-04-30/files/www',
      exclude: ['cache/', '*.log'],
    });
    expect(args).toEqual([
      '-a',
      '--chmod=Du+rwx,Fu+rw',
      '-s',
      '-8',
      '--no-h',
      '--stats',
      '--info=progress2',
      '--no-motd',
      '--timeout=600',
      '--contimeout=30',
      '--link-dest=/srv/kura/2024-04-30/files/www',
      '--exclude=cache/',
      '--exclude=*.log',
      '--',
      'rsync://web@203.0.113.5:8873/www/uploads/',
      '/srv/kura/2024-05-01/files/www/',
    ]);
    expect(args).not.toContain('--partial');
    expect(args).not.toContain('--delete');
    expect(args.some((a) => a.includes('password'))).toBe(false);
  });

  it('daemon "::" spelling: host::module/ with --port before --', () => {
    const location = { ...(loc('web@192.168.145.5::www') as Extract<FilesLocation, { kind: 'daemon' }>), port: 10873 };
    const args = buildPullArgs({ client: posix, location, destDir: '/b/www', linkDestDir: null, exclude: [], daemonSpelling: 'double-colon' });
    expect(args.slice(-4)).toEqual(['--port=10873', '--', 'web@192.168.145.5::www/', '/b/www/']);
    expect(args.some((a) => a.startsWith('--link-dest'))).toBe(false);
    const noPort = buildPullArgs({ client: posix, location: loc('web@192.168.145.5::www'), destDir: '/b/www', linkDestDir: null, exclude: [], daemonSpelling: 'double-colon' });
    expect(noPort.some((a) => a.startsWith('--port'))).toBe(false);
    expect(daemonSpellingOf('web@host::www')).toBe('double-colon');
    expect(daemonSpellingOf('rsync://host/www/')).toBe('url');
  });

  it('cwRsync: -rt --links (never -a), Windows paths converted to /cygdrive, UNC to //', () => {
    const args = buildPullArgs({
      client: cw,
      location: loc('C:\\inetpub\\wwwroot'),
      destDir: 'D:\\KuraBackups\\2024-05-01\\files\\site',
      linkDestDir: '\\\\nas\\kura\\2024-04-30\\files\\site',
      exclude: [],
    });
    expect(args.slice(0, 3)).toEqual(['-rt', '--links', '--chmod=ugo=rwX']);
    expect(args).not.toContain('-a');
    expect(args).toContain('--link-dest=//nas/kura/2024-04-30/files/site');
    expect(operands(args)).toEqual(['/cygdrive/c/inetpub/wwwroot/', '/cygdrive/d/KuraBackups/2024-05-01/files/site/']);
    expect(args).not.toContain('--no-motd');
  });

  it('SSH: -e with the ssh command, user@host:path, no daemon options', () => {
    const sshCommand = buildSshCommand({ sshPath: '/usr/bin/ssh', flavour: 'rsync', keyPath: '/home/k/.ssh/id_ed25519', port: 2222 });
    const args = buildPullArgs({ client: posix, location: loc('deploy@shop.example.jp:/var/www/'), destDir: '/b/www', linkDestDir: null, exclude: [], sshCommand });
    expect(args[args.indexOf('-e') + 1]).toBe(sshCommand);
    expect(args).not.toContain('--contimeout=30');
    expect(operands(args)).toEqual(['deploy@shop.example.jp:/var/www/', '/b/www/']);
    expect(() => buildPullArgs({ client: posix, location: loc('deploy@shop.example.jp:/var/www/'), destDir: '/b', linkDestDir: null, exclude: [] })).toThrow();
  });

  it('SSH: host keys go to Kura’s own known-hosts file, unhashed (cwRsync: as a Cygwin path)', () => {
    const posixCmd = buildSshCommand({ sshPath: '/usr/bin/ssh', flavour: 'rsync', knownHostsFile: '/home/k/.config/Kura/ssh/known_hosts' });
    expect(posixCmd).toContain('-o UserKnownHostsFile=/home/k/.config/Kura/ssh/known_hosts -o HashKnownHosts=no');
    const win = buildSshCommand({ sshPath: 'C:\\Program Files\\Kura\\resources\\bin\\win\\ssh.exe', flavour: 'cwrsync', knownHostsFile: 'C:\\Users\\山田 太郎\\AppData\\Roaming\\Kura\\ssh\\known_hosts' });
    expect(win).toContain('-o "UserKnownHostsFile=/cygdrive/c/Users/山田 太郎/AppData/Roaming/Kura/ssh/known_hosts"');
    expect(buildSshCommand({ sshPath: '/usr/bin/ssh', flavour: 'rsync' })).not.toContain('UserKnownHostsFile');
  });

  it('older rsync (< 3.1) gets --progress instead of --info=progress2', () => {
    const args = buildPullArgs({ client: old, location: loc('/srv/www'), destDir: '/b/www', linkDestDir: null, exclude: [] });
    expect(args).toContain('--progress');
    expect(args).not.toContain('--info=progress2');
  });

  it('keeps every user value in one argv element after -- (spaces, Japanese, quotes, $(…))', () => {
    const weird = "/srv/my site/商品 $(reboot) `id` 'q' \"d\"";
    const args = buildPullArgs({ client: posix, location: loc(weird), destDir: '/b/x', linkDestDir: null, exclude: ['a b/', '$(reboot)', '--rsh=sh'] });
    expect(operands(args)).toEqual([`${weird}/`, '/b/x/']);
    expect(args).toContain('--exclude=--rsh=sh');
    expect(args).toContain('--exclude=$(reboot)');
    expect(args.filter((a) => a === '--rsh=sh')).toEqual([]);
  });

  // (A one-letter SSH host needs its user: "h:-e x" alone is a drive-relative Windows path.)
  it('prefixes remote paths that start with "-" with "./" (the server side would parse them as options)', () => {
    expect(operands(buildPullArgs({ client: posix, location: loc('rsync://h/www/--rsh=x'), destDir: '/b', linkDestDir: null, exclude: [] }))[0]).toBe('rsync://h/www/./--rsh=x/');
    const sshCommand = buildSshCommand({ sshPath: '/usr/bin/ssh', flavour: 'rsync' });
    expect(operands(buildPullArgs({ client: posix, location: loc('web@h:-e x'), destDir: '/b', linkDestDir: null, exclude: [], sshCommand }))[0]).toBe('web@h:./-e x/');
  });

  it.each<[string, Partial<Parameters<typeof buildPullArgs>[0]>]>([
    ['a module that is an option', { location: { kind: 'daemon', user: null, host: 'h', port: null, module: '--rsh=sh', path: '' } }],
    ['a module with $()', { location: { kind: 'daemon', user: null, host: 'h', port: null, module: '$(reboot)', path: '' } }],
    ['a host that is an option', { location: { kind: 'daemon', user: null, host: '-oProxyCommand=x', port: null, module: 'www', path: '' } }],
    ['a user that is an option', { location: { kind: 'ssh', user: '-l', host: 'h', path: '/x' } }],
    ['a bad port', { location: { kind: 'daemon', user: null, host: 'h', port: 70000, module: 'www', path: '' } }],
    ['a path with ..', { location: { kind: 'daemon', user: null, host: 'h', port: null, module: 'www', path: 'a/../../etc' } }],
    ['a newline in a path', { location: { kind: 'local', path: '/srv/www\n--delete' } }],
    ['a relative local source', { location: { kind: 'local', path: 'host:path' } }],
    ['a relative destination', { destDir: 'relative/dest' }],
    ['an exclude with a newline', { exclude: ['a\n+ *'] }],
    ['an exclude "!" (clears all excludes)', { exclude: ['!'] }],
  ])('refuses %s', (_what, override) => {
    const base = { client: posix, location: loc('rsync://h/www/'), destDir: '/b/www', linkDestDir: null, exclude: [] };
    expect(() => buildPullArgs({ ...base, ...override })).toThrow(expect.objectContaining({ code: 'rsync-unsafe-argument', category: 'config' }));
  });
});

describe('buildPushArgs', () => {
  it('POSIX push: -rlpt (no owners), --delete only for mirror, sub-path below the module', () => {
    const mirror = buildPushArgs({ client: posix, fromDir: '/srv/kura/snap/files/www', location: loc('rsync://web@h/www/'), subPath: '復元 2024', mode: 'mirror', exclude: ['cache/'] });
    expect(mirror[0]).toBe('-rlpt');
    expect(mirror).not.toContain('-a');
    expect(mirror).toContain('--delete');
    expect(mirror).toContain('--exclude=cache/');
    expect(operands(mirror)).toEqual(['/srv/kura/snap/files/www/', 'rsync://web@h/www/復元 2024/']);
    const merge = buildPushArgs({ client: posix, fromDir: '/s', location: loc('/mnt/offsite'), mode: 'merge', exclude: [] });
    expect(merge).not.toContain('--delete');
    expect(operands(merge)).toEqual(['/s/', '/mnt/offsite/']);
  });

  it('cwRsync push converts the snapshot path and keeps -rt', () => {
    const args = buildPushArgs({ client: cw, fromDir: 'C:\\KuraBackups\\snap\\files\\www', location: loc('web@h::www/site'), mode: 'merge', exclude: [], daemonSpelling: 'double-colon' });
    expect(args.slice(0, 3)).toEqual(['-rt', '--links', '--chmod=ugo=rwX,go-w']);
    expect(operands(args)).toEqual(['/cygdrive/c/KuraBackups/snap/files/www/', 'web@h::www/site/']);
  });

  it('refuses a sub-path that climbs out', () => {
    expect(() => buildPushArgs({ client: posix, fromDir: '/s', location: loc('rsync://h/www/'), subPath: '../etc', mode: 'merge', exclude: [] })).toThrow(
      expect.objectContaining({ code: 'rsync-unsafe-argument' }),
    );
  });
});

describe('buildListArgs', () => {
  it('lists one level with links shown, under the wizard test’s short bounds', () => {
    expect(buildListArgs({ client: posix, location: loc('rsync://web@h:8873/www/') })).toEqual([
      '--list-only',
      '-l',
      '-s',
      '-8',
      '--no-h',
      '--no-motd',
      '--timeout=8',
      '--contimeout=15',
      '--',
      'rsync://web@h:8873/www/',
    ]);
  });
});

describe('locationOperand', () => {
  it('writes IPv6 hosts in brackets in both spellings', () => {
    const l = loc('rsync://[2001:db8::5]:8873/www/');
    expect(locationOperand(l, { flavour: 'rsync', trailingSlash: true }).operand).toBe('rsync://[2001:db8::5]:8873/www/');
    expect(locationOperand(l, { flavour: 'rsync', spelling: 'double-colon', trailingSlash: true })).toEqual({ operand: '[2001:db8::5]::www/', options: ['--port=8873'] });
  });
});

describe('buildSshCommand', () => {
  it('batch mode, accept-new, timeouts, port and key', () => {
    expect(buildSshCommand({ sshPath: '/usr/bin/ssh', flavour: 'rsync', keyPath: '/home/k/.ssh/id_ed25519', port: 2222 })).toBe(
      '/usr/bin/ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o ConnectTimeout=30 -o ServerAliveInterval=30 -o ServerAliveCountMax=4 -p 2222 -i /home/k/.ssh/id_ed25519 -o IdentitiesOnly=yes',
    );
  });

  it('cwRsync: its own ssh and the key as /cygdrive paths, quoted when they hold spaces', () => {
    const cmd = buildSshCommand({ sshPath: 'C:\\Program Files\\Kura\\resources\\bin\\win32\\ssh.exe', flavour: 'cwrsync', keyPath: 'C:\\Users\\山田 太郎\\.ssh\\id_ed25519' });
    expect(cmd.startsWith('"/cygdrive/c/Program Files/Kura/resources/bin/win32/ssh.exe" -o BatchMode=yes')).toBe(true);
    expect(cmd).toContain('-i "/cygdrive/c/Users/山田 太郎/.ssh/id_ed25519"');
  });

  it('quotes by rsync\'s -e rules (doubled quotes inside quotes), refuses control characters and bad ports', () => {
    expect(quoteRshArg('/k/a"b c')).toBe('"/k/a""b c"');
    expect(quoteRshArg("/k/it's")).toBe('"/k/it\'s"');
    expect(quoteRshArg('-x')).toBe('"-x"');
    expect(() => quoteRshArg('/k/a\nb')).toThrow(expect.objectContaining({ code: 'rsync-unsafe-argument' }));
    expect(() => buildSshCommand({ sshPath: '/usr/bin/ssh', flavour: 'rsync', port: 0 })).toThrow(expect.objectContaining({ code: 'rsync-unsafe-argument' }));
  });
});
