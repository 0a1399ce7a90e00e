import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../electron/engine/config/schema.js';
import { issueProblem } from '../../../electron/shared/messages/field-problems.js';
import { english } from '../../../electron/shared/messages/render.js';

const job = (extra: Record<string, unknown>) => ({ version: 1, jobs: [{ id: 'shop', name: 'Shop', destination: { path: '/b' }, ...extra }] });
const issues = (extra: Record<string, unknown>) => {
  const r = configSchema.safeParse(job(extra));
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${english(issueProblem(i))}`);
};
const ssh = { host: '203.0.113.5', port: 10022, user: 'web', keyPath: '/home/me/.ssh/shop' };

describe('config: the job’s server connection and "via": "ssh"', () => {
  it('accepts the contract’s shape', () => {
    expect(
      issues({
        ssh: { ...ssh, passphraseRef: 'shop-ssh-passphrase' },
        sources: [
          { id: 'www', type: 'files', via: 'ssh', from: '/var/www/shop/' },
          { id: 'db', type: 'mysql', via: 'ssh', host: '127.0.0.1', port: 3306, user: 'backup', databases: ['shop'] },
          { id: 'cache', type: 'redis', via: 'ssh', host: '127.0.0.1', port: 6379 },
        ],
      }),
    ).toEqual([]);
    const parsed = configSchema.parse(job({ ssh: { host: 'h', user: 'u', passwordRef: 'pw' }, sources: [{ id: 'www', type: 'files', via: 'ssh', from: '/srv/' }] }));
    expect(parsed.jobs[0]!.ssh!.port).toBe(22);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a key and a password', { ssh: { ...ssh, passwordRef: 'pw' }, sources: [{ id: 'a', type: 'files', from: '/x' }] }, /either "keyPath".*or "passwordRef"/],
    ['neither', { ssh: { host: 'h', user: 'u' }, sources: [{ id: 'a', type: 'files', from: '/x' }] }, /either "keyPath"/],
    ['a passphrase without a key', { ssh: { host: 'h', user: 'u', passwordRef: 'pw', passphraseRef: 'pp' }, sources: [{ id: 'a', type: 'files', from: '/x' }] }, /^jobs\.0\.ssh\.passphraseRef: a passphrase belongs to a key file/],
    ['a user that is an option', { ssh: { ...ssh, user: '-oProxyCommand=x' }, sources: [{ id: 'a', type: 'files', from: '/x' }] }, /ssh\.user: expected a user name/],
    ['via ssh without a connection', { sources: [{ id: 'db', type: 'mysql', via: 'ssh', user: 'b', databases: ['s'] }] }, /^jobs\.0\.sources\.0\.via: .*no "ssh" settings/],
    ['a Windows folder through SSH', { ssh, sources: [{ id: 'www', type: 'files', via: 'ssh', from: 'C:\\www' }] }, /sources\.0\.from: through SSH, "from" is the folder on the server/],
    ['the old key fields through SSH', { ssh, sources: [{ id: 'www', type: 'files', via: 'ssh', from: '/www', sshKeyPath: '/k' }] }, /come from the job's "ssh" settings/],
    ['the Redis file method through SSH', { ssh, sources: [{ id: 'c', type: 'redis', via: 'ssh', method: 'file' }] }, /sources\.0\.method: .*through SSH use "sync"/],
    ['another transport name', { ssh, sources: [{ id: 'c', type: 'redis', via: 'vpn' }] }, /via: expected "ssh"/],
  ])('refuses %s, naming the field', (_what, extra, message) => {
    expect(issues(extra).join('\n')).toMatch(message);
  });
});
