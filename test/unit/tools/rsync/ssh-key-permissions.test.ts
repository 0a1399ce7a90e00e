/**
 * OpenSSH ignores a private key that other users can read and then reports "Permission denied
 * (publickey)". cwRsync's ssh reads NTFS ACLs as mode bits, so on Windows this is common and was
 * reported as an authentication failure with advice about authorized_keys (Windows issue, defect 4).
 */
import { describe, expect, it } from 'vitest';
import type { FilesLocation } from '../../../../electron/engine/config/files-location.js';
import { classifyRsyncExit } from '../../../../electron/engine/tools/rsync/rsync-errors.js';

const ssh: FilesLocation = { kind: 'ssh', user: 'web', host: 'shop.example.jp', path: '/var/www/' };

// OpenSSH's own words, as cwRsync's ssh prints them for a key under C:\Users\山田 太郎\.ssh.
const STDERR = [
  '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
  '@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @',
  '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
  "Permissions 0660 for '/cygdrive/c/Users/山田 太郎/.ssh/id_ed25519' are too open.",
  'It is required that your private key files are NOT accessible by others.',
  'This private key will be ignored.',
  'Load key "/cygdrive/c/Users/山田 太郎/.ssh/id_ed25519": bad permissions',
  'web@shop.example.jp: Permission denied (publickey).',
  'rsync: connection unexpectedly closed (0 bytes received so far) [Receiver]',
  'rsync error: unexplained error (code 255) at io.c(232) [Receiver=3.2.7]',
].join('\r\n');

describe('an SSH key that others can read', () => {
  it('is named as such on Windows, with the icacls fix and the Windows path, not as an authentication failure', () => {
    const o = classifyRsyncExit(255, STDERR, { operation: 'pull', location: ssh, flavour: 'cwrsync' });
    if (o.kind !== 'failed') throw new Error(o.kind);
    expect(o.error).toMatchObject({ code: 'ssh-key-permissions', category: 'config' });
    expect(o.error.message).toContain('C:\\Users\\山田 太郎\\.ssh\\id_ed25519');
    expect(o.error.hint).toContain('icacls "C:\\Users\\山田 太郎\\.ssh\\id_ed25519" /inheritance:r /grant:r "%USERNAME%:F"');
    expect(o.error.hint).not.toMatch(/authorized_keys/);
  });

  it('gets chmod 600 with a POSIX rsync', () => {
    const o = classifyRsyncExit(255, STDERR.replaceAll('/cygdrive/c/Users/山田 太郎', '/home/taro'), { operation: 'pull', location: ssh });
    if (o.kind !== 'failed') throw new Error(o.kind);
    expect(o.error).toMatchObject({ code: 'ssh-key-permissions' });
    expect(o.error.hint).toContain('chmod 600 "/home/taro/.ssh/id_ed25519"');
  });
});
