import { describe, expect, it } from 'vitest';
import { parseFilesLocation } from '../../../electron/engine/config/files-location.js';

describe('parseFilesLocation', () => {
  it.each([
    ['rsync://web@203.0.113.5/www/', { kind: 'daemon', user: 'web', host: '203.0.113.5', port: null, module: 'www', path: '' }],
    ['rsync://203.0.113.5:8873/www/uploads/', { kind: 'daemon', user: null, host: '203.0.113.5', port: 8873, module: 'www', path: 'uploads/' }],
    ['web@192.168.145.5::www', { kind: 'daemon', user: 'web', host: '192.168.145.5', port: null, module: 'www', path: '' }],
    ['shop.example.jp::www/img', { kind: 'daemon', user: null, host: 'shop.example.jp', port: null, module: 'www', path: 'img' }],
    ['deploy@shop.example.jp:/var/www/', { kind: 'ssh', user: 'deploy', host: 'shop.example.jp', path: '/var/www/' }],
    ['/srv/www', { kind: 'local', path: '/srv/www' }],
    ['C:\\inetpub\\wwwroot', { kind: 'local', path: 'C:\\inetpub\\wwwroot' }],
    ['D:/site', { kind: 'local', path: 'D:/site' }],
    ['\\\\nas\\share\\www', { kind: 'local', path: '\\\\nas\\share\\www' }],
  ])('accepts %s', (input, expected) => {
    expect(parseFilesLocation(input)).toEqual({ ok: true, location: expected });
  });

  it.each([
    ['', 'is empty'],
    ['www', 'is not a folder'],
    ['rsync://host', 'rsync://[user@]host'],
    ['-e sh@host::www', 'invalid user'],
    ['web@-oProxyCommand=x::www', 'invalid host'],
    ['web@host::www/../../etc', '".."'],
    ['web@host::www\n', 'control character'],
    ['rsync://host:99999/www/', 'invalid port'],
    ['host::$(reboot)', 'invalid module'],
    // Drive-relative Windows paths: not the SSH host "D" (defect 2 of the Windows issue).
    ['D:www', 'relative to the current folder of drive D:'],
    ['d:backups\\shop', 'for example D:\\backups\\shop'],
    ['D:', 'relative to the current folder of drive D:'],
  ])('rejects %j', (input, reason) => {
    const r = parseFilesLocation(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
