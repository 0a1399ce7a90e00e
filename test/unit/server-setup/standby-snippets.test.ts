/**
 * The standby's monitoring account in the server setup: on the standby itself, the least right the
 * flavour knows (SLAVE MONITOR / REPLICATION CLIENT), the pause right only when the dump is taken
 * from it, and a Redis user that may run INFO and PING only.
 */
import { describe, expect, it } from 'vitest';
import { jobSchema } from '../../../electron/engine/config/schema.js';
import { buildServerSetup } from '../../../electron/engine/server-setup/server-setup.js';

const pw = () => ({ ref: 'x', password: 'S3cret-pw' });

describe('standby snippets', () => {
  it('MySQL: SLAVE MONITOR (or REPLICATION CLIENT), on the standby; REPLICATION SLAVE ADMIN only when dumping from it', () => {
    const job = jobSchema.parse({
      id: 'shop',
      name: 'Shop',
      destination: { path: '/backups' },
      sources: [
        { id: 'db', type: 'mysql', host: '10.0.0.5', user: 'kura', databases: ['shop'], standbys: [{ host: '10.0.0.6', user: 'kura_monitor' }, { host: '10.0.0.7', user: 'kura_monitor' }], dumpFromStandby: {} },
        { id: 'cache', type: 'redis', host: '10.0.0.5', standbys: [{ host: '10.0.0.8' }] },
      ],
    });
    const r = buildServerSetup(job, {}, pw);
    const first = r.snippets.find((s) => s.id === 'mysql-standby-user:db:0')!;
    expect(first).toMatchObject({ server: '10.0.0.6', language: 'sql' });
    expect(first.content).toContain("GRANT SLAVE MONITOR ON *.* TO 'kura_monitor'@'%';");
    expect(first.content).toContain('GRANT REPLICATION CLIENT ON *.*');
    expect(first.content).toContain("GRANT REPLICATION SLAVE ADMIN ON *.* TO 'kura_monitor'@'%';");
    expect(first.where).toBe('Run as the administrator on the standby 10.0.0.6:3306, not on the main server');
    expect(first.notes.join(' ')).toMatch(/point the shop's application at the standby/);
    const second = r.snippets.find((s) => s.id === 'mysql-standby-user:db:1')!;
    expect(second.content).not.toContain('SLAVE ADMIN');
    const redis = r.snippets.find((s) => s.id === 'redis-standby-acl:cache:0')!;
    expect(redis.content).toBe('user kura-monitor on >S3cret-pw resetkeys resetchannels -@all +ping +info\n');
  });
});
