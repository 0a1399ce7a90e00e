import { describe, expect, it } from 'vitest';
import { remoteCommandOf } from '../../../../electron/engine/tools/ssh/rsync-transport.js';
import { buildProxyCommand } from '../../../../electron/engine/tools/rsync/ssh-command.js';

describe('rsync’s remote shell through Kura’s SSH connection', () => {
  it('takes the remote command from what rsync passes its shell ([-l user] host command…)', () => {
    expect(remoteCommandOf(['-l', 'web', '203.0.113.5', 'rsync', '--server', '--sender', '-slogDtpre.iLsfxCIvu', '.', '/var/www/'])).toBe('rsync --server --sender -slogDtpre.iLsfxCIvu . /var/www/');
    expect(remoteCommandOf(['203.0.113.5', 'rsync', '--server', '.'])).toBe('rsync --server .');
    expect(remoteCommandOf(['-l', 'web', '203.0.113.5'])).toBeNull();
  });

  it('quotes the proxy program by rsync’s -e rules; cwRsync gets a Cygwin path for the program only', () => {
    const shell = { program: 'C:\\Program Files\\Kura\\Kura.exe', args: ['C:\\Users\\山田 太郎\\AppData\\Local\\Temp\\kura-ssh-x\\kura-ssh-proxy.cjs', '\\\\.\\pipe\\kura-ssh-ab'], env: {} };
    expect(buildProxyCommand(shell, 'cwrsync')).toBe(
      '"/cygdrive/c/Program Files/Kura/Kura.exe" "C:\\Users\\山田 太郎\\AppData\\Local\\Temp\\kura-ssh-x\\kura-ssh-proxy.cjs" "\\\\.\\pipe\\kura-ssh-ab"',
    );
    expect(buildProxyCommand({ program: '/usr/bin/node', args: ['/tmp/kura-ssh-1/kura-ssh-proxy.cjs', '/tmp/kura-ssh-1/rsync.sock'], env: {} }, 'rsync')).toBe(
      '/usr/bin/node /tmp/kura-ssh-1/kura-ssh-proxy.cjs /tmp/kura-ssh-1/rsync.sock',
    );
  });
});
