import { describe, expect, it } from 'vitest';
import { english } from '../../../electron/shared/messages/render.js';
import { jobSchema } from '../../../electron/engine/config/schema.js';
import { generatePassword } from '../../../electron/engine/server-setup/generate-password.js';
import { accountsFor, backupUserSql, restoreGrantSql } from '../../../electron/engine/server-setup/mysql-snippets.js';
import { redisAclRule } from '../../../electron/engine/server-setup/redis-snippets.js';
import { readOnlyModule, secretsLine } from '../../../electron/engine/server-setup/rsyncd-snippets.js';
import { buildServerSetup } from '../../../electron/engine/server-setup/server-setup.js';

const job = jobSchema.parse({
  id: 'shop',
  name: 'Shop',
  destination: { path: '/backups' },
  sources: [
    { id: 'www', type: 'files', from: 'web.example.jp::site/htdocs' },
    { id: 'ssh', type: 'files', from: 'deploy@web.example.jp:/var/www/', sshKeyPath: '/home/a/.ssh/kura' },
    { id: 'db', type: 'mysql', host: 'db.example.jp', user: 'kura', databases: ['shop', 'we`ird'] },
    { id: 'cache', type: 'redis', host: '127.0.0.1' },
  ],
  offsite: [
    { id: 'dc', to: 'kura@backup.example.jp::kura/shops' },
    { id: 'usb', to: '/mnt/usb' },
  ],
});
const pw = (key: string) => ({ ref: key, password: `PW-${key.replace(/:/g, '-')}` });

describe('server-setup snippets', () => {
  it('covers every source and target that needs something on a server', () => {
    const r = buildServerSetup(job, {}, pw);
    expect(r.snippets.map((s) => s.id)).toEqual([
      'rsyncd-module:www',
      'rsyncd-secrets:www',
      'rsyncd-restore-module:www',
      'rsyncd-restore-secrets:www',
      'ssh-key:source:ssh',
      'mysql-backup-user:db',
      'mysql-restore-user:db',
      'redis-acl:cache',
      'rsyncd-module:offsite:dc',
      'rsyncd-secrets:offsite:dc',
    ]);
    const www = r.snippets[0]!;
    expect(www.content).toMatch(/^\[site\]$/m);
    expect(www.content).toMatch(/read only = yes/);
    // The admin's address is not known: hosts allow is shown, commented, with how to find it.
    expect(www.content).toMatch(/# hosts allow = <the shop PC's public IP address>/);
    expect(www.notes.map(english).join(' ')).toMatch(/no user name: change it to kura@web\.example\.jp::site/);
    expect(r.snippets[1]!.content).toBe('kura:PW-source-www\n');
    expect(r.snippets[1]!.then).toContain('sudo chmod 600 /etc/rsyncd.secrets');
    const dc = r.snippets.find((s) => s.id === 'rsyncd-module:offsite:dc')!;
    expect(dc.content).toMatch(/read only = no/);
    expect(dc.then.join('\n')).toMatch(/mkdir -p \/srv\/kura-backup\/shops/);
    expect(r.snippets.find((s) => s.id === 'ssh-key:source:ssh')!.content).toBe('command="rrsync -ro -absolute /var/www/",restrict <contents of /home/a/.ssh/kura.pub>\n');
  });

  it('uses the admin address for hosts allow and a remote MySQL account', () => {
    const r = buildServerSetup(job, { allowFrom: '203.0.113.7', webRoot: '/home/shop/public_html' }, pw);
    const www = r.snippets.find((s) => s.id === 'rsyncd-module:www')!;
    expect(www.content).toMatch(/^ {4}hosts allow = 203\.0\.113\.7$/m);
    expect(www.content).toMatch(/^ {4}hosts deny = \*$/m);
    expect(www.content).toMatch(/^ {4}path = \/home\/shop\/public_html$/m);
    const sql = r.snippets.find((s) => s.id === 'mysql-backup-user:db')!.content;
    expect(sql).toContain("CREATE USER IF NOT EXISTS 'kura'@'203.0.113.7' IDENTIFIED BY 'PW-source-db';");
    expect(sql).toContain("GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT ON `we``ird`.* TO 'kura'@'203.0.113.7';");
  });

  it('refuses values that would break a config file open', () => {
    expect(() => readOnlyModule({ module: 'm', path: '/x\n[evil]', user: 'u', secretsFile: '/s', hostsAllow: null, uid: 'u', gid: 'u', heading: 'h' })).toThrow(/control character/);
    expect(() => secretsLine('a:b', 'pw')).toThrow();
  });

  it('MySQL: both local account spellings, no PROCESS, restore rights granted and revoked separately', () => {
    const accounts = accountsFor('kura', '127.0.0.1', '198.51.100.1');
    expect(accounts.map((a) => a.host)).toEqual(['localhost', '127.0.0.1']);
    expect(accountsFor('kura', 'db.example.jp', null)).toEqual([{ user: 'kura', host: '%' }]);
    const sql = backupUserSql(accounts, "it's", ['shop']);
    expect(sql).toContain("IDENTIFIED BY 'it''s';");
    expect(sql).not.toMatch(/^GRANT[^\n]*PROCESS/m);
    const r = restoreGrantSql(accounts, ['shop']);
    expect(r.grant).toMatch(/GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER/);
    expect(r.revoke).not.toMatch(/\bSELECT\b|SHOW VIEW|\bTRIGGER\b|LOCK TABLES|\bEVENT\b/);
    expect(r.revoke).toMatch(/REVOKE INSERT, UPDATE, DELETE, CREATE, DROP/);
  });

  it('restore access: a separate writable module and MySQL account next to the read-only ones, with the lines that take them away, passwords never stored', () => {
    const r = buildServerSetup(job, { allowFrom: '203.0.113.7' }, pw, () => 'FRESH-restore-pw');
    const byId = new Map(r.snippets.map((s) => [s.id, s]));
    // The backup module stays read-only; the restore module is another one, on the same folder, for another user.
    expect(byId.get('rsyncd-module:www')!.content).toMatch(/read only = yes/);
    const mod = byId.get('rsyncd-restore-module:www')!.content;
    expect(mod).toMatch(/^\[site-restore\]$/m);
    expect(mod).toMatch(/^ {4}read only = no$/m);
    expect(mod).toMatch(/^ {4}path = \/var\/www\/html$/m);
    expect(mod).toMatch(/^ {4}auth users = kura-restore$/m);
    expect(mod).toMatch(/^ {4}hosts allow = 203\.0\.113\.7$/m);
    const line = byId.get('rsyncd-restore-secrets:www')!;
    expect(line.content).toBe('kura-restore:FRESH-restore-pw\n');
    expect(line.then.join('\n')).toContain("sudo sed -i '/^kura-restore:/d' /etc/rsyncd.secrets");
    expect(line.notes.map(english).join(' ')).not.toMatch(/already has this password in the keychain/);
    // MySQL: its own account with the restore rights, and DROP USER to take it away; the backup account gets nothing more.
    const sql = byId.get('mysql-restore-user:db')!.content;
    const [create, remove] = sql.split('-- After the restore (takes the access away again):\n');
    expect(create).toContain("CREATE USER IF NOT EXISTS 'kura_restore'@'203.0.113.7' IDENTIFIED BY 'FRESH-restore-pw';");
    expect(create).toMatch(/GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER[^\n]* ON `shop`\.\* TO 'kura_restore'@'203.0.113.7';/);
    expect(create).toMatch(/ON `we``ird`\.\* TO 'kura_restore'@'203.0.113.7';/);
    expect(remove).toBe("DROP USER IF EXISTS 'kura_restore'@'203.0.113.7';\n");
    expect(byId.get('mysql-backup-user:db')!.content).not.toMatch(/^GRANT [^\n]*\b(INSERT|DROP|ALTER)\b/m);
    expect(r.passwordsStored).toEqual([]);
  });

  it('Redis: a user that can only hand over a snapshot', () => {
    expect(redisAclRule('kura-backup', 'abc')).toBe(
      'user kura-backup on >abc resetkeys resetchannels -@all +ping +info +sync +psync +replconf +bgsave +lastsave +time +config|get +acl|whoami +command|info',
    );
    expect(() => redisAclRule('a b', 'x')).toThrow();
  });

  it('generates strong passwords that paste safely everywhere', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{31}$/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
