/**
 * The error table, fed with stderr texts provoked from a real rsync 3.5.0 client and daemon
 * (auth, unknown module, read-only, refused option, connection refused, vanished and unreadable
 * files, full disk) and OpenSSH's own messages.
 */
import { english } from '../../../../electron/shared/messages/render.js';
import { describe, expect, it } from 'vitest';
import type { FilesLocation } from '../../../../electron/engine/config/files-location.js';
import { classifyRsyncExit, filesNamedInStderr, unescapeRsyncName, type RsyncOutcome } from '../../../../electron/engine/tools/rsync/rsync-errors.js';

const daemon: FilesLocation = { kind: 'daemon', user: 'web', host: '203.0.113.5', port: null, module: 'www', path: '' };
const ssh: FilesLocation = { kind: 'ssh', user: 'deploy', host: 'shop.example.jp', path: '/var/www/' };
const pull = { operation: 'pull' as const, location: daemon, command: 'rsync -a -- rsync://web@203.0.113.5/www/ /b/' };

function failed(o: RsyncOutcome) {
  if (o.kind !== 'failed') throw new Error(`expected a failure, got ${o.kind}`);
  return o.error;
}

describe('classifyRsyncExit', () => {
  it('0 is ok', () => {
    expect(classifyRsyncExit(0, '', pull)).toEqual({ kind: 'ok' });
  });

  it('5 + "auth failed" → rsync-auth-failed (auth), hint about the password and rsyncd.secrets', () => {
    const e = failed(classifyRsyncExit(5, '@ERROR: auth failed on module www\nrsync error: error starting client-server protocol (code 5) at main.c(1954) [Receiver=3.5.0]\n', pull));
    expect(e).toMatchObject({ code: 'rsync-auth-failed', category: 'auth' });
    expect(e.message).toBe('Authentication failed at the rsync server rsync://web@203.0.113.5/www/: it did not accept the user name or password.');
    expect(e.hint).toContain('password saved in Kura');
    expect(e.hint).toContain('"web:password" line');
    expect(e.hint).toContain('rsyncd.secrets');
    expect(e.detail).toContain('exit 5');
    expect(e.detail).toContain(pull.command);
  });

  it('5 + "Unknown module" → rsync-unknown-module (config)', () => {
    const e = failed(classifyRsyncExit(5, "@ERROR: Unknown module 'www'\nrsync error: error starting client-server protocol (code 5) at main.c(1954) [Receiver=3.5.0]\n", pull));
    expect(e).toMatchObject({ code: 'rsync-unknown-module', category: 'config' });
    expect(e.message).toContain('no module called "www"');
  });

  it.each([
    ['@ERROR: access denied to deny from localhost (127.0.0.1)', 'rsync-access-denied', 'config'],
    ['@ERROR: max connections (1) reached -- try again later', 'rsync-server-busy', 'network'],
    ['@ERROR: chdir failed', 'rsync-module-unavailable', 'config'],
    ['@ERROR: something new', 'rsync-server-refused', 'config'],
  ])('5 + %j → %s', (line, code, category) => {
    expect(failed(classifyRsyncExit(5, `${line}\nrsync error: error starting client-server protocol (code 5) at main.c(1954) [Receiver=3.5.0]\n`, pull))).toMatchObject({ code, category });
  });

  it('"module is read only" (exit 1) → rsync-module-read-only, telling what restore needs', () => {
    const e = failed(classifyRsyncExit(1, 'ERROR: module is read only\nrsync error: syntax or usage error (code 1) at main.c(1185) [Receiver=3.5.0]\nrsync: [sender] read error: Connection reset by peer (104)\n', { ...pull, operation: 'push' }));
    expect(e).toMatchObject({ code: 'rsync-module-read-only', category: 'config' });
    expect(e.hint).toContain('read only = no');
  });

  it('"refuse options" (exit 10) → rsync-option-refused, not a network error', () => {
    const e = failed(classifyRsyncExit(10, 'rsync: The server is configured to refuse --links (-l)\nrsync: [Receiver] read error: Connection reset by peer (104)\nrsync error: error in socket IO (code 10) at io.c(907) [Receiver=3.5.0]\n', pull));
    expect(e).toMatchObject({ code: 'rsync-option-refused', category: 'config' });
    expect(e.message).toContain('--links');
  });

  it.each<[number, string, string]>([
    [10, 'rsync: [Receiver] failed to connect to 127.0.0.1 (127.0.0.1): Connection refused (111)\nrsync error: error in socket IO (code 10) at clientserver.c(165) [Receiver=3.5.0]', 'rsync-connect-failed'],
    [10, 'rsync: getaddrinfo: nohost.invalid 873: Name or service not known\nrsync error: error in socket IO (code 10) at clientserver.c(165) [Receiver=3.5.0]', 'rsync-host-unknown'],
    [35, 'rsync: failed to connect to 203.0.113.5 (203.0.113.5): Connection timed out (110)\nrsync error: error in socket IO (code 35)', 'rsync-timeout'],
    [10, 'rsync: read error: Connection reset by peer (104)\nrsync error: error in socket IO (code 10)', 'rsync-connection-lost'],
    [12, 'rsync: connection unexpectedly closed (1234 bytes received so far) [Receiver]\nrsync error: error in rsync protocol data stream (code 12) at io.c(232)', 'rsync-connection-lost'],
    [30, 'rsync error: timeout in data send/receive (code 30) at io.c(197)', 'rsync-timeout'],
  ])('%i network failures → %s (category network: retried)', (code, stderr, expected) => {
    expect(failed(classifyRsyncExit(code, stderr, pull))).toMatchObject({ code: expected, category: 'network' });
  });

  it('24 → a warning naming the vanished files (module paths and local paths)', () => {
    const stderr =
      'file has vanished: "d14/f299" (in van)\nfile has vanished: "d14/f298" (in van)\ndirectory has vanished: "/tmp/rx/van/d15"\nrsync warning: some files vanished before they could be transferred (code 24) at main.c(1956) [generator=3.5.0]\n';
    const o = classifyRsyncExit(24, stderr, pull);
    expect(o).toMatchObject({ kind: 'warning', code: 'rsync-vanished', files: ['d14/f299', 'd14/f298', '/tmp/rx/van/d15'] });
    if (o.kind === 'warning') expect(english(o.message)).toBe('3 files disappeared from rsync://web@203.0.113.5/www/ while being copied (usual for caches, sessions and temp files): d14/f299, d14/f298, /tmp/rx/van/d15.');
  });

  it('23 → a warning listing the files rsync named, with the reason', () => {
    const stderr =
      'rsync: [sender] send_files failed to open "wp-config 秘密.php" (in nob): Permission denied (13)\nrsync: [sender] send_files failed to open "uploads/\\#343\\#201\\#202.jpg" (in nob): Permission denied (13)\nrsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1956) [generator=3.5.0]\n';
    const o = classifyRsyncExit(23, stderr, pull);
    expect(o).toMatchObject({ kind: 'warning', code: 'rsync-partial', files: ['wp-config 秘密.php', 'uploads/あ.jpg'] });
    if (o.kind === 'warning') expect(english(o.message)).toBe('2 files from rsync://web@203.0.113.5/www/ could not be copied (Permission denied): wp-config 秘密.php, uploads/あ.jpg.');
  });

  it('23 with the source folder itself missing → a failure, not a warning', () => {
    expect(failed(classifyRsyncExit(23, 'rsync: [sender] change_dir "nope" (in open) failed: No such file or directory (2)\nrsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1956) [Receiver=3.5.0]\n', pull))).toMatchObject({
      code: 'rsync-source-missing',
      category: 'config',
    });
    expect(failed(classifyRsyncExit(23, 'rsync: [sender] change_dir "/srv/www" failed: Permission denied (13)\n', { ...pull, location: { kind: 'local', path: '/srv/www' } }))).toMatchObject({
      code: 'rsync-source-unreadable',
    });
  });

  it('a restore whose snapshot folder is gone is told to choose the snapshot again, not to check the source path', () => {
    const e = failed(classifyRsyncExit(23, 'rsync: [sender] change_dir "/b/shop/2025-06-01T00-00-00Z/files/site" failed: No such file or directory (2)\n', { ...pull, operation: 'push' }));
    expect(e).toMatchObject({ code: 'rsync-source-missing', message: 'The snapshot folder "/b/shop/2025-06-01T00-00-00Z/files/site" does not exist.' });
    expect(e.hint).toMatch(/choose the snapshot again/);
    expect(e.hint).not.toMatch(/path of this source/);
  });

  it('11 + "No space left on device" → disk-full (resource); other I/O errors stay resource', () => {
    expect(failed(classifyRsyncExit(11, 'rsync: [receiver] write failed on "/b/x/big.bin": No space left on device (28)\nrsync error: error in file IO (code 11) at receiver.c(657) [receiver=3.5.0]\n', pull))).toMatchObject({
      code: 'disk-full',
      category: 'resource',
    });
    expect(failed(classifyRsyncExit(11, 'rsync: [receiver] write failed on "/b/x": Input/output error (5)\n', pull))).toMatchObject({ code: 'rsync-file-io', category: 'resource' });
  });

  it.each<[number, string, string, string]>([
    [255, 'Permission denied (publickey).\r\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]', 'ssh-auth-failed', 'auth'],
    [255, 'Host key verification failed.\r\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]', 'ssh-host-key-changed', 'config'],
    [255, 'ssh: connect to host 127.0.0.1 port 1: Connection refused\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]\nrsync error: unexplained error (code 255) at io.c(285) [Receiver=3.5.0]', 'ssh-connect-failed', 'network'],
    [255, 'ssh: Could not resolve hostname nohost.invalid: Name or service not known\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]', 'ssh-host-unknown', 'network'],
    [12, 'rsync: [Receiver] Failed to exec /nonexistent/ssh: No such file or directory (2)\nrsync error: error in IPC code (code 14) at pipe.c(85) [Receiver=3.5.0]', 'ssh-missing', 'config'],
    [12, 'bash: line 1: rsync: command not found\nrsync: connection unexpectedly closed (0 bytes received so far) [Receiver]', 'ssh-remote-rsync-missing', 'config'],
    [127, 'sh: 1: exec: rsync: not found', 'ssh-remote-rsync-missing', 'config'],
  ])('ssh: exit %i → %s (%s)', (code, stderr, expected, category) => {
    expect(failed(classifyRsyncExit(code, stderr, { ...pull, location: ssh }))).toMatchObject({ code: expected, category });
  });

  it.each<[number, string]>([
    [1, 'rsync-usage'],
    [2, 'rsync-protocol'],
    [3, 'rsync-file-select'],
    [4, 'rsync-unsupported'],
    [22, 'rsync-out-of-memory'],
  ])('exit %i → %s', (code, expected) => {
    expect(failed(classifyRsyncExit(code, 'rsync: something\n', pull)).code).toBe(expected);
  });

  it('anything else → rsync-failed carrying rsync\'s last stderr lines', () => {
    const e = failed(classifyRsyncExit(14, 'rsync: first\nrsync: the real reason\nrsync error: error in IPC code (code 14) at pipe.c(85) [Receiver=3.5.0]\n', pull));
    expect(e).toMatchObject({ code: 'rsync-failed', category: 'internal' });
    expect(e.message).toContain('exit code 14');
    expect(e.message).toContain('rsync: first / rsync: the real reason');
  });
});

describe('helpers', () => {
  it('unescapeRsyncName turns \\#ooo escapes back into UTF-8', () => {
    expect(unescapeRsyncName('\\#343\\#203\\#225\\#343\\#202\\#241\\#343\\#202\\#244\\#343\\#203\\#253.txt')).toBe('ファイル.txt');
    expect(unescapeRsyncName('tab\\#011name')).toBe('tab\tname');
    expect(unescapeRsyncName('plain')).toBe('plain');
  });

  it('filesNamedInStderr de-duplicates and skips the summary line', () => {
    const s = 'file has vanished: "a"\nfile has vanished: "a"\nrsync warning: some files vanished "x" (code 24)\n';
    expect(filesNamedInStderr(s, /has vanished|^rsync warning/)).toEqual(['a']);
  });
});
